package io.citussafe.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (the Maven project version), for {@code --version}. */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Version.class.getPackage().getImplementationVersion();
    return new String[] {"citussafe " + (version == null ? "(development build)" : version)};
  }
}
