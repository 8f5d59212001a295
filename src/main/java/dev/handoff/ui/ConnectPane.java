package dev.handoff.ui;

import dev.handoff.runs.source.rest.RestAuth;
import dev.handoff.runs.source.rest.RestConfig;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * "Connect to tracking server": URL, authentication (none / user + password / token) and timeouts. Builds a
 * {@link RestConfig} and hands it to the caller; credentials stay in this form's fields and the config in memory —
 * nothing here is written to preferences or logs. A failed connect is shown inline through {@link #showError}.
 */
final class ConnectPane extends GridPane {
    /** How the server is authenticated. */
    enum AuthKind {
        NONE("None"), BASIC("User + password"), TOKEN("Token");

        private final String label;

        AuthKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final TextField url = new TextField("http://127.0.0.1:5000");
    private final ChoiceBox<AuthKind> auth = new ChoiceBox<>();
    private final TextField user = new TextField();
    private final PasswordField password = new PasswordField();
    private final PasswordField token = new PasswordField();
    private final Spinner<Integer> connectTimeout = new Spinner<>(1, 300, 10);
    private final Spinner<Integer> requestTimeout = new Spinner<>(1, 3600, 120);
    private final Button connect = new Button("Connect");
    private final Label error = new Label();

    ConnectPane(Consumer<RestConfig> onConnect) {
        setHgap(8);
        setVgap(8);
        setPadding(new Insets(12));
        getStyleClass().add("connect-pane");
        url.setId("connectUrl");
        url.setPrefColumnCount(32);
        auth.setId("connectAuth");
        auth.getItems().setAll(AuthKind.values());
        auth.setValue(AuthKind.NONE);
        user.setId("connectUser");
        user.setPromptText("user name");
        password.setId("connectPassword");
        password.setPromptText("password");
        token.setId("connectToken");
        token.setPromptText("access token");
        connectTimeout.setEditable(true);
        requestTimeout.setEditable(true);
        connectTimeout.setPrefWidth(100);
        requestTimeout.setPrefWidth(100);
        connect.setId("connectButton");
        connect.setDefaultButton(true);
        error.setId("connectError");
        error.getStyleClass().add("error-label");
        error.setWrapText(true);
        error.setMaxWidth(600);
        error.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        HBox credentials = new HBox(6, user, password);
        HBox.setHgrow(user, Priority.ALWAYS);
        HBox.setHgrow(password, Priority.ALWAYS);
        Label credentialsLabel = new Label("Credentials");
        auth.valueProperty().addListener((o, a, kind) -> showAuth(kind, credentials, credentialsLabel));
        showAuth(AuthKind.NONE, credentials, credentialsLabel);

        addRow(0, new Label("Server URL"), url);
        addRow(1, new Label("Authentication"), auth);
        addRow(2, credentialsLabel, new HBox(6, credentials, token));
        addRow(3, new Label("Connect timeout (s)"), connectTimeout);
        addRow(4, new Label("Request timeout (s)"), requestTimeout);
        add(connect, 1, 5);
        add(error, 0, 6, 2, 1);
        GridPane.setHgrow(url, Priority.ALWAYS);
        connect.setOnAction(e -> {
            try {
                RestConfig config = config();
                showError(null);
                connect.setDisable(true);
                onConnect.accept(config);
            } catch (IllegalArgumentException ex) {
                showError(ex.getMessage());
            }
        });
    }

    private void showAuth(AuthKind kind, HBox credentials, Label label) {
        credentials.setVisible(kind == AuthKind.BASIC);
        credentials.setManaged(kind == AuthKind.BASIC);
        token.setVisible(kind == AuthKind.TOKEN);
        token.setManaged(kind == AuthKind.TOKEN);
        label.setVisible(kind != AuthKind.NONE);
    }

    /** The settings as entered; the secret is copied out of the field into the auth object only. */
    RestConfig config() {
        String text = url.getText() == null ? "" : url.getText().trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("enter the tracking server URL, e.g. http://127.0.0.1:5000");
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: '" + RestConfig.withoutUserInfo(text) + "'");
        }
        RestAuth restAuth = switch (auth.getValue()) {
            case NONE -> RestAuth.none();
            case BASIC -> {
                if (user.getText().isBlank()) {
                    throw new IllegalArgumentException("enter a user name for user + password authentication");
                }
                char[] secret = password.getText().toCharArray();
                try {
                    yield RestAuth.basic(user.getText().trim(), secret);
                } finally {
                    Arrays.fill(secret, '\0');
                }
            }
            case TOKEN -> {
                if (token.getText().isBlank()) {
                    throw new IllegalArgumentException("enter an access token");
                }
                char[] secret = token.getText().trim().toCharArray();
                try {
                    yield RestAuth.bearer(secret);
                } finally {
                    Arrays.fill(secret, '\0');
                }
            }
        };
        return RestConfig.of(uri, restAuth).withTimeouts(Duration.ofSeconds(connectTimeout.getValue()),
                Duration.ofSeconds(requestTimeout.getValue()));
    }

    /** Shows why the last connect failed (null clears) and enables Connect again. */
    void showError(String message) {
        error.setText(message == null ? "" : message);
        connect.setDisable(false);
    }

    /** Forgets the secrets typed into the form (after a successful connect). */
    void clearSecrets() {
        password.clear();
        token.clear();
    }

    String errorText() {
        return error.getText();
    }

    TextField url() {
        return url;
    }

    ChoiceBox<AuthKind> auth() {
        return auth;
    }

    TextField user() {
        return user;
    }

    PasswordField password() {
        return password;
    }

    PasswordField token() {
        return token;
    }
}
