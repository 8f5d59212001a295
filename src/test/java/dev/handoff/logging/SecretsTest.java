package dev.handoff.logging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SecretsTest {
    @Test
    void masksAuthorizationHeadersWholly() {
        assertEquals("Authorization: ***", Secrets.mask("Authorization: Bearer abc.def"));
        assertEquals("request headers: {authorization=***", Secrets.mask("request headers: {authorization=Basic YW5hOnB3}"));
        assertEquals("{\"Authorization\": \"***\", \"x\": 1}",
                Secrets.mask("{\"Authorization\": \"Basic YW5hOnB3\", \"x\": 1}"));
        assertEquals("Proxy-Authorization: ***\nnext line", Secrets.mask("Proxy-Authorization: Basic YW5hOnB3\nnext line"));
    }

    @Test
    void masksBearerAndBasicCredentialsButKeepsTheirDescriptions() {
        assertEquals("sent Bearer *** to the server", Secrets.mask("sent Bearer eyJhbGciOi.J9-x_y to the server"));
        assertEquals("sent Basic *** to the server", Secrets.mask("sent Basic YW5hOnB3LTEyMw== to the server"));
        String described = "authentication failed (HTTP 401) with bearer token: check the token; basic auth as ana";
        assertEquals(described, Secrets.mask(described));
    }

    @Test
    void masksTokenAndPasswordValues() {
        assertEquals("GET /x?token=***&run=1", Secrets.mask("GET /x?token=s3cr3t&run=1"));
        assertEquals("password=*** user=ana", Secrets.mask("password=hunter2 user=ana"));
        assertEquals("MLFLOW_TRACKING_TOKEN=*** MLFLOW_TRACKING_PASSWORD=***",
                Secrets.mask("MLFLOW_TRACKING_TOKEN=tok-1 MLFLOW_TRACKING_PASSWORD=pw-2"));
        assertEquals("{\"password\": \"***\", \"access_token\":\"***\"}",
                Secrets.mask("{\"password\": \"hunter2\", \"access_token\":\"t-9\"}"));
        String advice = "check MLFLOW_TRACKING_PASSWORD / MLFLOW_TRACKING_TOKEN, or enter a password: the user + password fields";
        assertEquals(advice, Secrets.mask(advice));
    }

    @Test
    void masksUrlUserInfoAndKeepsTheRestOfTheUrl() {
        assertEquals("cannot connect to https://***@mlflow.example.org:5000/api/2.0/mlflow/runs/search: refused",
                Secrets.mask("cannot connect to https://ana:pw@mlflow.example.org:5000/api/2.0/mlflow/runs/search: refused"));
        assertEquals("http://***@host/x", Secrets.mask("http://ana:p/w@rd@host/x"));
        assertEquals("http://127.0.0.1:5000/api/2.0/mlflow/runs/search",
                Secrets.mask("http://127.0.0.1:5000/api/2.0/mlflow/runs/search"));
    }

    @Test
    void isIdempotentAndNullSafe() {
        String once = Secrets.mask("Authorization: Bearer a; token=b; https://u:p@h/x; Bearer c");
        assertEquals(once, Secrets.mask(once));
        assertNull(Secrets.mask(null));
        assertEquals("", Secrets.mask(""));
    }
}
