package dev.handoff.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in text bound for a log or a screen: {@code Authorization} header values, {@code Bearer} and
 * {@code Basic} credentials, {@code token=...} / {@code password=...} (and their JSON forms), and the user-info of a
 * URL ({@code https://user:pass@host} becomes {@code https://***@host}). The URL, host and error around them stay.
 *
 * <p>A safety net: code must not put secrets into messages in the first place (sources describe their auth with
 * {@code RestAuth.describe()}, never its value).
 */
public final class Secrets {
    /** What a masked secret reads as. */
    public static final String MASK = "***";

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final String KEY = "[\\w.-]*(?:token|password|passwd|secret|api[_-]?key)";

    private static final List<Rule> RULES = List.of(
            // an Authorization / Proxy-Authorization header: its whole value, up to the line's (or quoted value's) end
            new Rule(Pattern.compile("(?i)\\b((?:proxy-)?authorization\"?\\s*[:=]\\s*\"?)[^\"\\r\\n]+"), "$1" + MASK),
            // a bearer or basic credential anywhere else ("bearer token" and "basic auth" are descriptions, kept)
            new Rule(Pattern.compile("(?i)\\b(bearer\\s+)(?!token\\b)(?!\\*\\*\\*)[A-Za-z0-9._~+/=-]+"), "$1" + MASK),
            new Rule(Pattern.compile("(?i)\\b(basic\\s+)(?!auth(?:entication)?\\b)(?!\\*\\*\\*)[A-Za-z0-9+/]{4,}={0,2}"),
                    "$1" + MASK),
            // token=..., password=..., MLFLOW_TRACKING_TOKEN=..., in a query string or an environment listing
            new Rule(Pattern.compile("(?i)\\b(" + KEY + ")(\\s*=\\s*)(?!\\*\\*\\*)[^\\s&\"',;]+"), "$1$2" + MASK),
            // "token": "...", "password": "..." in JSON
            new Rule(Pattern.compile("(?i)(\"" + KEY + "\"\\s*:\\s*\")[^\"]*"), "$1" + MASK),
            // URL user-info: everything from the scheme to the last @ before any query or fragment (a password may
            // hold an unencoded '/', as RestConfig also assumes)
            new Rule(Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)[^\\s?#]*@"), "$1" + MASK + "@"));

    private Secrets() {
    }

    /** {@code text} with every credential the rules recognise replaced by {@value #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Rule r : RULES) {
            Matcher m = r.pattern.matcher(out);
            if (m.find()) {
                out = m.replaceAll(r.replacement);
            }
        }
        return out;
    }
}
