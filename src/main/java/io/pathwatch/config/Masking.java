package io.pathwatch.config;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a configuration value may be shown (at {@code GET /api/config}, in a reload's error,
 * in the log): never a secret, password, token or credential, and of a URL only its scheme, host
 * and port, since webhook URLs often carry their token in the path, the query or user info.
 */
public final class Masking {

    public static final String HIDDEN = "******";
    private static final Pattern SECRET = Pattern.compile("(?i).*(secret|password|token|credential).*");
    private static final Pattern URL_KEY = Pattern.compile("(?i).*\\burl$");
    /** {@code secret: value}, {@code auth.token=value}: a line of a file quoted in a parser's message. */
    private static final Pattern SECRET_IN_TEXT = Pattern.compile("(?i)([\\w.-]*(?:secret|password|token|credential)[\\w.-]*\\s*[:=]\\s*)[^\\r\\n]*");
    private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"']+");

    private Masking() {
    }

    /** The value of {@code key} as it may be shown. */
    public static String masked(String key, Object value) {
        String v = value == null ? null : String.valueOf(value);
        if (v == null || v.isEmpty()) {
            return v;
        }
        if (SECRET.matcher(key).matches()) {
            return HIDDEN;
        }
        if (URL_KEY.matcher(key).matches()) {
            return url(v);
        }
        return redactUrls(v);
    }

    /**
     * A message that may quote the configuration (a YAML parser's error shows the line it failed
     * on): every secret-looking {@code key: value} masked, every URL cut to its host.
     */
    public static String redactQuoted(String text) {
        if (text == null) {
            return null;
        }
        return redactUrls(SECRET_IN_TEXT.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + HIDDEN)));
    }

    /** Every URL in a message cut to its scheme, host and port (an exception's message may quote a whole webhook URL). */
    public static String redactUrls(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = URL_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(url(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String url(String v) {
        try {
            URI u = URI.create(v);
            if (u.getHost() == null) {
                return HIDDEN;
            }
            String base = u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
            boolean more = u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                    || u.getRawPath() != null && !u.getRawPath().isEmpty();
            return more ? base + "/" + HIDDEN : base;
        } catch (IllegalArgumentException notAUri) {
            // a URL that does not even parse: its scheme at most
            int colon = v.indexOf("://");
            return colon > 0 ? v.substring(0, colon) + "://" + HIDDEN : HIDDEN;
        }
    }
}
