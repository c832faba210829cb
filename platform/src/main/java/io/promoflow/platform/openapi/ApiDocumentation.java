package io.promoflow.platform.openapi;

import io.promoflow.platform.security.RequiresRole;
import io.promoflow.platform.web.Pagination;
import io.promoflow.platform.web.ProblemResponses;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;

/**
 * What every service's OpenAPI 3.1 document ({@code GET /v3/api-docs}, springdoc; Swagger UI at
 * {@code /swagger-ui.html}) says besides what springdoc reads from the controllers (GitHub issue 17
 * point 2): the bearer scheme, required by every route but the signed webhooks; the errors every
 * route may answer as {@code application/problem+json} ({@link #PROBLEM} schema); {@code 202} for
 * the routes that record an event; the {@code Link}/{@code X-Next-Cursor} headers of paginated
 * lists ({@link Pagination}). Only {@code /api/**} and {@code /webhooks/**} are described ({@code
 * springdoc.paths-to-match} in {@code promoflow-platform.yml}): {@code /internal/**} and the
 * actuator never appear.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiDocumentation {

  /** Name of the bearer security scheme. */
  public static final String BEARER = "bearer";

  /** Name of the problem+json schema (RFC 9457, with Promoflow's {@code field}). */
  public static final String PROBLEM = "Problem";

  /** The media type of every error body. */
  public static final String PROBLEM_JSON = "application/problem+json";

  /** Title, scheme and the shared schema of every service's document. */
  @Bean
  OpenApiCustomizer promoflowDocument(@Value("${spring.application.name}") String service) {
    return openApi -> {
      openApi.info(
          new Info()
              .title("Promoflow " + service)
              .version("v1")
              .description(
                  "Times are ISO-8601 UTC; lists take ?limit=&cursor= and name the next page in"
                      + " Link rel=next; errors are application/problem+json."));
      Components components =
          openApi.getComponents() == null ? new Components() : openApi.getComponents();
      openApi.components(components);
      components.addSecuritySchemes(
          BEARER,
          new SecurityScheme()
              .type(SecurityScheme.Type.HTTP)
              .scheme("bearer")
              .description(
                  "a configured token (mode tokens) or a JWT for this deployment's audience"));
      components.addSchemas(PROBLEM, problemSchema());
      openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
    };
  }

  /** Per route: its errors, its success status, its security and its paging headers. */
  @Bean
  OperationCustomizer promoflowOperation() {
    return ApiDocumentation::describe;
  }

  static Operation describe(Operation operation, HandlerMethod handler) {
    RequestMapping mapping =
        AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
    String path =
        mapping == null
            ? ""
            : String.join(",", mapping.path().length > 0 ? mapping.path() : mapping.value());
    Set<RequestMethod> methods = mapping == null ? Set.of() : Set.of(mapping.method());
    boolean post = methods.contains(RequestMethod.POST);
    boolean hasBody =
        java.util.Arrays.stream(handler.getMethodParameters())
            .anyMatch(
                p ->
                    p.hasParameterAnnotation(RequestBody.class)
                        || MultipartFile.class.isAssignableFrom(p.getParameterType()));
    ApiResponses responses =
        operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    operation.setResponses(responses);
    if (post
        && responses.containsKey("200")
        && !responses.containsKey("202")
        && !declaresResponses(handler)) {
      // the project's convention: a POST records an event and answers 202 Accepted
      ApiResponse ok = responses.remove("200");
      responses.addApiResponse("202", ok.description("Accepted: the event is recorded"));
    }
    problem(responses, "400", "Invalid input: the problem names the field or parameter");
    problem(responses, "401", "No valid bearer token (or, for a webhook, no valid signature)");
    if (AnnotatedElementUtils.hasAnnotation(handler.getMethod(), RequiresRole.class)
        || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), RequiresRole.class)) {
      problem(responses, "403", "The caller lacks a role the route needs, or the rules refuse");
    }
    if (path.contains("{") || post) {
      // a path variable, or a body naming a build, an application or a stage state, may be unknown
      problem(responses, "404", "Unknown resource (named in the path or the body)");
    }
    if (post) {
      problem(responses, "409", "The request conflicts with the current state");
    }
    if (hasBody) {
      problem(responses, "413", "The request body exceeds the route's limit");
    }
    problem(responses, "503", "Not ready or the broker is unreachable: retry later");
    if (path.startsWith("/webhooks/")) {
      // authenticated by the HMAC signature, not a bearer token
      operation.setSecurity(List.of());
    }
    if (operation.getParameters() != null
        && operation.getParameters().stream().map(Parameter::getName).anyMatch("cursor"::equals)) {
      pagingHeaders(operation);
    }
    return operation;
  }

  private static boolean declaresResponses(HandlerMethod handler) {
    return AnnotatedElementUtils.hasAnnotation(
            handler.getMethod(), io.swagger.v3.oas.annotations.responses.ApiResponse.class)
        || AnnotatedElementUtils.hasAnnotation(
            handler.getMethod(), io.swagger.v3.oas.annotations.responses.ApiResponses.class);
  }

  private static void pagingHeaders(Operation operation) {
    for (Parameter p : operation.getParameters()) {
      if ("limit".equals(p.getName())) {
        p.description(
            "items per page, 1–"
                + Pagination.MAX_LIMIT
                + " (default "
                + Pagination.DEFAULT_LIMIT
                + ")");
        p.getSchema().minimum(java.math.BigDecimal.ONE);
        p.getSchema().maximum(java.math.BigDecimal.valueOf(Pagination.MAX_LIMIT));
      } else if ("cursor".equals(p.getName())) {
        p.description("where the page starts: X-Next-Cursor of the previous page (opaque)");
      }
    }
    ApiResponse ok = operation.getResponses().get("200");
    if (ok == null) {
      return;
    }
    ok.addHeaderObject(
        "Link",
        new Header()
            .description(
                "RFC 8288 link to the next page, path-absolute: </…?…&cursor=…>; rel=\"next\"; absent on the last page")
            .schema(string()));
    ok.addHeaderObject(
        Pagination.NEXT_CURSOR,
        new Header()
            .description("the next page's cursor; absent on the last page")
            .schema(string()));
  }

  private static void problem(ApiResponses responses, String status, String description) {
    if (responses.containsKey(status)) {
      return;
    }
    responses.addApiResponse(
        status,
        new ApiResponse()
            .description(description)
            .content(
                new Content()
                    .addMediaType(
                        PROBLEM_JSON,
                        new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
  }

  /** RFC 9457 problem details as the platform writes them ({@link ProblemResponses}). */
  static Schema<?> problemSchema() {
    Map<String, Schema> properties = new LinkedHashMap<>();
    properties.put("type", string().description("about:blank"));
    properties.put("title", string());
    properties.put("status", typed("integer").format("int32"));
    properties.put("detail", string().description("what is wrong, naming the field"));
    properties.put("instance", string());
    properties.put("field", string().description("the input the problem concerns, when one does"));
    Map<String, Schema> error = new LinkedHashMap<>();
    error.put("field", string());
    error.put("message", string());
    properties.put(
        "errors",
        typed("array")
            .items(typed("object").properties(error))
            .description("every invalid field, when several are"));
    Schema<?> problem = typed("object").properties(properties);
    problem.setRequired(List.of("title", "status"));
    return problem.description("RFC 9457 problem details (application/problem+json)");
  }

  private static Schema<?> string() {
    return typed("string");
  }

  /** A schema of one JSON type, written as {@code type} in OpenAPI 3.1 and 3.0 alike. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Schema typed(String type) {
    Schema s = new Schema<>();
    s.type(type);
    s.types(new java.util.LinkedHashSet<>(List.of(type)));
    return s;
  }
}
