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
     * {@code text} (e.g. an error a server sent back, which may echo the request) with this auth's secret, in any
     * form it was sent, replaced by {@code ***}; null stays null.
     */
    public String redact(String text) {
        return text;
    }

    static String redact(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                out = out.replace(s, "***");
            }
        }
        return out;
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
        public String redact(String text) {
            String header = authorizationHeader();
            return redact(text, header.substring("Basic ".length()), new String(password));
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
        public String redact(String text) {
            return redact(text, new String(token));
        }
    }
}
