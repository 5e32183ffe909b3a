package io.pathwatch.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards every write request (anything but GET, HEAD and OPTIONS, on any path):
 * <ul>
 * <li>No cross-site request forgery: a page on another site can make a browser send a form POST
 * or a body-less {@code fetch} without asking, but never one with {@code Content-Type:
 * application/json} or a custom header (those need a CORS preflight, which pathwatch does not
 * grant). So a write request must carry one of them: the JSON content type or
 * {@value #HEADER}.</li>
 * <li>With {@code pathwatch.api.token} set, a write request needs {@code Authorization: Bearer
 * <token>}.</li>
 * </ul>
 * Refusals are problem details (RFC 9457), like the API's other errors.
 */
@Component
public final class WriteGuard extends OncePerRequestFilter {

    static final String HEADER = "X-Pathwatch-Request";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final byte[] token;

    /** @param token the bearer token write requests need ({@code pathwatch.api.token}); blank for none */
    public WriteGuard(@Value("${pathwatch.api.token:}") String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every request that is not a read, whatever its path: matching paths here would have to agree
     * with Spring MVC's own matching ({@code /api;x/...}, {@code /%61pi/...}, a context path), and
     * pathwatch has no write endpoint a browser needs outside the API.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return READS.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token != null && !bearerMatches(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"pathwatch\"");
            refuse(request, response, HttpStatus.UNAUTHORIZED, "A token is needed",
                    "pathwatch.api.token is set: write requests need the header Authorization: Bearer <token>.");
            return;
        }
        if (!json(request.getContentType()) && request.getHeader(HEADER) == null) {
            refuse(request, response, HttpStatus.FORBIDDEN, "Not a JSON request",
                    "Write requests need Content-Type: application/json or the header " + HEADER
                            + " (a page on another site cannot send either, so it cannot make a browser write here).");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean bearerMatches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        try {
            problem.setInstance(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException notAUri) {
            // the problem stands without its instance
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
