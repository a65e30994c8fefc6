package com.widgetforge.devstack.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local run's TLS identity for its external listeners (Kafka SASL_SSL, PostgreSQL over TLS): a
 * self-signed certificate for 127.0.0.1 and localhost, made once with the JDK's keytool and kept in
 * {@code <dir>}: {@code server.p12} (Kafka's key store), {@code server.crt} and {@code server.key}
 * (PostgreSQL's, the key readable by its owner only) and {@code ca.pem}, the certificate clients
 * trust. Production brings its own certificates.
 */
public record TlsMaterial(Path dir, String storePassword) {

  public Path keyStore() {
    return dir.resolve("server.p12");
  }

  public Path certificate() {
    return dir.resolve("server.crt");
  }

  public Path key() {
    return dir.resolve("server.key");
  }

  /** The certificate clients trust (PEM). */
  public Path trustedCertificate() {
    return dir.resolve("ca.pem");
  }

  /** The material in {@code dir}, made first if it is not there. */
  public static TlsMaterial in(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path passwordFile = dir.resolve("store.password");
    TlsMaterial material;
    if (Files.exists(passwordFile) && Files.exists(dir.resolve("ca.pem"))) {
      return new TlsMaterial(dir, Files.readString(passwordFile).strip());
    }
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    material = new TlsMaterial(dir, HexFormat.of().formatHex(random));
    Files.deleteIfExists(material.keyStore());
    material.generate();
    Files.writeString(passwordFile, material.storePassword());
    ownerOnly(passwordFile);
    return material;
  }

  private void generate() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(
        List.of(
            "-genkeypair",
            "-alias",
            "widgetforge",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=WidgetForge local run",
            "-ext",
            "SAN=IP:127.0.0.1,DNS:localhost",
            "-validity",
            "3650",
            "-storetype",
            "PKCS12",
            "-keystore",
            keyStore().toString(),
            "-storepass",
            storePassword()));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream out = keytool.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IOException("keytool failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making a certificate", e);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore())) {
        store.load(in, storePassword().toCharArray());
      }
      Certificate certificate = store.getCertificate("widgetforge");
      PrivateKey key = (PrivateKey) store.getKey("widgetforge", storePassword().toCharArray());
      String pem = pem("CERTIFICATE", certificate.getEncoded());
      Files.writeString(certificate(), pem);
      Files.writeString(trustedCertificate(), pem);
      Files.writeString(key(), pem("PRIVATE KEY", key.getEncoded()));
      ownerOnly(key());
      ownerOnly(keyStore());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the certificate keytool made", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // The directory's own permissions apply.
    }
  }
}
