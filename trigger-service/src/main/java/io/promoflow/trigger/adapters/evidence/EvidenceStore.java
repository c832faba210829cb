package io.promoflow.trigger.adapters.evidence;

import io.promoflow.trigger.TriggerProperties;
import io.promoflow.trigger.domain.EvidenceArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Raw evidence documents, content-addressed: stored under {@code <evidence-dir>/<first 2
 * hex>/<sha256>} when a build or evidence is accepted, and fetched back by digest ({@code GET
 * /api/v1/evidence/{sha256}}). Writing the same document twice stores it once; a partial write is
 * never visible (atomic move).
 */
@Component
public class EvidenceStore implements EvidenceArchive {

  private final Path root;

  public EvidenceStore(TriggerProperties properties) {
    this.root = Path.of(properties.evidenceDir());
  }

  /** Stores {@code content} under its {@code sha256} (hex). */
  @Override
  public void put(String sha256, byte[] content) {
    Path target = path(sha256);
    if (Files.exists(target)) {
      return;
    }
    try {
      Files.createDirectories(target.getParent());
      Path partial = Files.createTempFile(target.getParent(), sha256, ".partial");
      Files.write(partial, content);
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store evidence " + sha256 + " under " + root, e);
    }
  }

  /** The document with {@code sha256}, or empty. */
  @Override
  public Optional<byte[]> get(String sha256) {
    if (!sha256.matches("[0-9a-f]{64}")) {
      return Optional.empty();
    }
    Path p = path(sha256);
    try {
      return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read evidence " + sha256, e);
    }
  }

  private Path path(String sha256) {
    return root.resolve(sha256.substring(0, 2)).resolve(sha256);
  }
}
