package io.promoflow.platform.policy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the pipeline policy lives.
 *
 * @param location a Spring resource location, {@code file:config/pipeline.yaml} by default
 */
@ConfigurationProperties("promoflow.policy")
public record PolicyProperties(@DefaultValue("file:config/pipeline.yaml") String location) {}
