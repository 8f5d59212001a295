package dev.handoff.runs.source.rest;

import dev.handoff.runs.SourceException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** TLS trust for a tracking server, as MLflow's clients configure it: a PEM CA bundle, or (on request) no checks. */
final class RestTls {
    private RestTls() {
    }

    /** Whether the config needs its own SSL context (else the JDK's default trust applies). */
    static boolean needsContext(RestConfig config) {
        return config.insecureTls() || config.serverCertPath() != null;
    }

    /** Trust-all for {@code insecureTls}, else the CAs of {@code serverCertPath}. */
    static SSLContext context(RestConfig config) throws SourceException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (config.insecureTls()) {
                ctx.init(null, new TrustManager[]{new TrustAll()}, null);
                return ctx;
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            int i = 0;
            try (InputStream in = Files.newInputStream(config.serverCertPath())) {
                for (Certificate c : cf.generateCertificates(in)) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
            }
            if (i == 0) {
                throw new SourceException(config.serverCertPath().toString(), "no certificate in this PEM file");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new SourceException(String.valueOf(config.serverCertPath()), "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** {@code MLFLOW_TRACKING_INSECURE_TLS=true}: accepts any server certificate. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
