package io.citussafe.tests.support;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries shipped in zonky's Maven artifacts, unpacked once per JVM.
 *
 * <p>We take only the binaries from zonky, not its {@code EmbeddedPostgres} launcher, because
 * that launcher runs initdb as the current user and so fails under root (see {@link OsCommands}).
 */
final class EmbeddedBinaries {

  private static Path binDir;

  private EmbeddedBinaries() {}

  /**
   * The {@code bin} directory of the unpacked PostgreSQL, readable and runnable by the server user.
   *
   * @throws IllegalStateException if no binaries exist for this OS and architecture
   * @throws UncheckedIOException if unpacking fails
   */
  static synchronized Path binDir() {
    if (binDir == null) {
      Path root = OsCommands.newServerOwnedTempDir("citussafe-pg-binaries-");
      Cleanup.deleteAtExit(root);
      unpack(root);
      binDir = root.resolve("bin");
    }
    return binDir;
  }

  private static void unpack(Path root) {
    String os = System.getProperty("os.name");
    String arch = System.getProperty("os.arch");
    // zonky's resolver wants "Linux"/"Darwin"/"Windows" and normalises the architecture itself.
    String system = os.toLowerCase(Locale.ROOT).startsWith("mac") ? "Darwin"
        : os.toLowerCase(Locale.ROOT).startsWith("windows") ? "Windows" : "Linux";
    try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch)) {
      if (txz == null) {
        throw new IllegalStateException("No embedded PostgreSQL binaries for " + system + "/" + arch);
      }
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz)))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path target = root.resolve(entry.getName()).normalize();
          if (!target.startsWith(root)) {
            throw new IllegalStateException("Archive entry escapes its directory: " + entry.getName());
          }
          Files.createDirectories(target.getParent());
          if (entry.isDirectory()) {
            Files.createDirectories(target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
          } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Paths.get(entry.getLinkName()));
          } else if (entry.isLink()) {
            Files.createLink(target, root.resolve(entry.getLinkName()).normalize());
          } else {
            Files.copy(tar, target);
            // Keep the archive's exec bits; everyone may read, as the server user is not us.
            Files.setPosixFilePermissions(target, permissions(entry.getMode() | 0444));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not unpack embedded PostgreSQL into " + root, e);
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder rwx = new StringBuilder(9);
    String letters = "rwxrwxrwx";
    for (int bit = 8; bit >= 0; bit--) {
      rwx.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
    }
    return PosixFilePermissions.fromString(rwx.toString());
  }
}
