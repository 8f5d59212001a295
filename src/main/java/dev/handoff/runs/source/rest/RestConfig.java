package dev.handoff.runs.source.rest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Connection settings for an MLflow tracking server.
 *
 * @param baseUri        e.g. {@code http://127.0.0.1:5000} (a trailing slash or path prefix is fine)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout time for one whole request (headers and body)
 * @param maxRetries     retries after the first attempt on 429, 5xx and connection failures
 * @param initialBackoff first retry delay; doubles each retry (with jitter), honours {@code Retry-After}
 * @param insecureTls    skip TLS certificate checks ({@code MLFLOW_TRACKING_INSECURE_TLS=true})
 * @param serverCertPath a PEM CA bundle to trust ({@code MLFLOW_TRACKING_SERVER_CERT_PATH}), or null
 */
public record RestConfig(URI baseUri, RestAuth auth, Duration connectTimeout, Duration requestTimeout, int maxRetries,
                         Duration initialBackoff, boolean insecureTls, Path serverCertPath) {

    public RestConfig {
        Objects.requireNonNull(baseUri, "baseUri");
        if (baseUri.getRawUserInfo() != null || hasUserInfo(baseUri.toString())) {
            // Never echo the user-info: it may hold a password. The URL would otherwise reach prefs, logs and the status bar.
            throw new IllegalArgumentException("tracking URI '" + withoutUserInfo(baseUri) + "' must not contain a user name "
                    + "or password: enter them in the user + password fields, or set MLFLOW_TRACKING_USERNAME / "
                    + "MLFLOW_TRACKING_PASSWORD");
        }
        String scheme = baseUri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUri.getHost() == null) {
            throw new IllegalArgumentException("tracking URI must be http(s)://host[:port], got '" + withoutUserInfo(baseUri) + "'");
        }
        auth = auth == null ? RestAuth.none() : auth;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(120) : requestTimeout;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
    }

    public static RestConfig of(URI baseUri, RestAuth auth) {
        return new RestConfig(baseUri, auth, null, null, 4, null, false, null);
    }

    /** Settings as MLflow's clients read them from the environment, for the given server. */
    public static RestConfig fromEnvironment(URI baseUri, Map<String, String> env) {
        boolean insecure = "true".equalsIgnoreCase(env.getOrDefault("MLFLOW_TRACKING_INSECURE_TLS", "false"));
        String cert = env.get("MLFLOW_TRACKING_SERVER_CERT_PATH");
        Duration timeout = null;
        String t = env.get("MLFLOW_HTTP_REQUEST_TIMEOUT");
        if (t != null && !t.isBlank()) {
            try {
                timeout = Duration.ofSeconds(Long.parseLong(t.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MLFLOW_HTTP_REQUEST_TIMEOUT must be whole seconds, got '" + t + "'");
            }
        }
        int retries = 4;
        String r = env.get("MLFLOW_HTTP_REQUEST_MAX_RETRIES");
        if (r != null && !r.isBlank()) {
            try {
                retries = Integer.parseInt(r.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MLFLOW_HTTP_REQUEST_MAX_RETRIES must be a whole number, got '" + r + "'");
            }
        }
        return new RestConfig(baseUri, RestAuth.fromEnvironment(env), null, timeout, retries, null, insecure,
                cert == null || cert.isBlank() ? null : Path.of(cert));
    }

    public RestConfig withTimeouts(Duration connect, Duration request) {
        return new RestConfig(baseUri, auth, connect, request, maxRetries, initialBackoff, insecureTls, serverCertPath);
    }

    public RestConfig withRetries(int retries, Duration backoff) {
        return new RestConfig(baseUri, auth, connectTimeout, requestTimeout, retries, backoff, insecureTls, serverCertPath);
    }

    /** The base URI as text without a trailing slash. */
    public String base() {
        String s = baseUri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** {@code uri} as text with any {@code user:password@} removed, safe to show. */
    public static String withoutUserInfo(URI uri) {
        return withoutUserInfo(uri.toString());
    }

    /** URL text (parsable or not) with any {@code user:password@} after the scheme removed, safe to show. */
    public static String withoutUserInfo(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1");
    }

    /** Whether the URL text carries {@code user[:password]@} before the host. */
    public static boolean hasUserInfo(String url) {
        return url != null && USER_INFO.matcher(url).find();
    }

    /**
     * Everything from the scheme to the last {@code @} before any query or fragment: a password may hold an
     * unencoded {@code /}, which must not end the match and leave part of it in the text shown. (An {@code @} in a
     * path counts too: tracking URIs have none, and refusing one is safer than echoing a password.)
     */
    private static final Pattern USER_INFO = Pattern.compile("^(\\s*[A-Za-z][A-Za-z0-9+.-]*://)[^?#]*@");

    @Override
    public String toString() {
        return "RestConfig[" + base() + ", " + auth.describe() + "]";
    }
}
