package dev.handoff.runs.source.rest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * How requests to a tracking server authenticate, as MLflow's own clients do it. Secrets never appear in
 * {@link #toString()} and are kept as char arrays so a caller can wipe them.
 */
public abstract sealed class RestAuth permits RestAuth.None, RestAuth.Basic, RestAuth.Bearer {

    /** The value of the {@code Authorization} header, or null for none. */
    public abstract String authorizationHeader();

    /** What kind of auth, for display: never the secret. */
    public abstract String describe();

    /**
     * {@code text} (from a server or the network stack, e.g. an error body that echoes the request) with every
     * occurrence of this auth's secret, raw or as sent in the header, replaced by {@code ***}.
     */
    abstract String scrub(String text);

    /** {@link #scrub}: for callers outside this package that pass server text on (messages, logs). */
    public String redact(String text) {
        return scrub(text);
    }

    private static String without(String text, String secret) {
        return text == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

    @Override
    public final String toString() {
        return describe();
    }

    public static RestAuth none() {
        return None.INSTANCE;
    }

    public static RestAuth basic(String username, char[] password) {
        return new Basic(username, password);
    }

    public static RestAuth bearer(char[] token) {
        return new Bearer(token);
    }

    /**
     * MLflow's rule: {@code MLFLOW_TRACKING_USERNAME} and {@code MLFLOW_TRACKING_PASSWORD} → Basic (wins when both are
     * set); else {@code MLFLOW_TRACKING_TOKEN} → Bearer; else none.
     */
    public static RestAuth fromEnvironment(Map<String, String> env) {
        String user = env.get("MLFLOW_TRACKING_USERNAME");
        String pass = env.get("MLFLOW_TRACKING_PASSWORD");
        if (user != null && !user.isEmpty() && pass != null) {
            return basic(user, pass.toCharArray());
        }
        String token = env.get("MLFLOW_TRACKING_TOKEN");
        if (token != null && !token.isEmpty()) {
            return bearer(token.toCharArray());
        }
        return none();
    }

    /** No credentials. */
    public static final class None extends RestAuth {
        private static final None INSTANCE = new None();

        private None() {
        }

        @Override
        public String authorizationHeader() {
            return null;
        }

        @Override
        public String describe() {
            return "no authentication";
        }

        @Override
        String scrub(String text) {
            return text;
        }
    }

    /** HTTP Basic (MLflow's basic-auth app). */
    public static final class Basic extends RestAuth {
        private final String username;
        private final char[] password;

        private Basic(String username, char[] password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password").clone();
        }

        public String username() {
            return username;
        }

        @Override
        public String authorizationHeader() {
            byte[] raw = (username + ":" + new String(password)).getBytes(StandardCharsets.UTF_8);
            try {
                return "Basic " + Base64.getEncoder().encodeToString(raw);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }

        @Override
        public String describe() {
            return "basic auth as " + username;
        }

        @Override
        String scrub(String text) {
            String header = authorizationHeader();
            return without(without(text, header.substring("Basic ".length())), new String(password));
        }
    }

    /** A bearer token. */
    public static final class Bearer extends RestAuth {
        private final char[] token;

        private Bearer(char[] token) {
            this.token = Objects.requireNonNull(token, "token").clone();
        }

        @Override
        public String authorizationHeader() {
            return "Bearer " + new String(token);
        }

        @Override
        public String describe() {
            return "bearer token";
        }

        @Override
        String scrub(String text) {
            return without(text, new String(token));
        }
    }
}
