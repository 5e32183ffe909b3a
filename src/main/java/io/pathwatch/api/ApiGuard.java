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
 * Guards pathwatch's HTTP surface. Every write request (anything but GET, HEAD and OPTIONS, on any
 * path):
 * <ul>
 * <li>No cross-site request forgery: a page on another site can make a browser send a form POST
 * or a body-less {@code fetch} without asking, but never one with {@code Content-Type:
 * application/json} or a custom header (those need a CORS preflight, which pathwatch does not
 * grant). So a write request must carry one of them: the JSON content type or
 * {@value #HEADER}.</li>
 * <li>With {@code pathwatch.api.token} set, a write request needs {@code Authorization: Bearer
 * <token>}.</li>
 * </ul>
 * With a token and {@code pathwatch.api.protect-reads=true}, reads need the token too, except
 * what the status page needs to load and ask for it (its HTML, script, style and the webjars) and
 * the actuator, whose exposure stays as Spring Boot configures it. Those are matched on the
 * servlet path, which the container has already decoded, stripped of path parameters and
 * normalised, so {@code /actuator/..;/api/paths} is {@code /api/paths}.
 * Refusals are problem details (RFC 9457), like the API's other errors.
 */
@Component
public final class ApiGuard extends OncePerRequestFilter {

    static final String HEADER = "X-Pathwatch-Request";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Read without a token even when reads are protected: the status page's own files, so it can load and ask for the token. */
    private static final Set<String> PAGE = Set.of("/", "/status.html", "/status.js", "/status.css", "/favicon.ico");

    private final byte[] token;
    private final boolean protectReads;

    /**
     * @param token        the bearer token write requests need ({@code pathwatch.api.token}); blank for none
     * @param protectReads whether reads need it too ({@code pathwatch.api.protect-reads}); only with a token
     */
    public ApiGuard(@Value("${pathwatch.api.token:}") String token, @Value("${pathwatch.api.protect-reads:false}") boolean protectReads,
            @Value("${server.address:}") String address) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.protectReads = protectReads && this.token != null;
        if (this.token == null && !loopback(address)) {
            org.slf4j.LoggerFactory.getLogger(ApiGuard.class).warn("pathwatch.api.token is not set and the HTTP port listens on {}: anyone who "
                    + "reaches it can silence alerts, send test alerts and run probes (set pathwatch.api.token, or server.address=127.0.0.1)",
                    address == null || address.isBlank() ? "every interface" : address);
        }
    }

    private static boolean loopback(String address) {
        return address != null && (address.equals("127.0.0.1") || address.equals("::1") || address.equals("localhost"));
    }

    /**
     * Every request that is not a read, whatever its path: matching paths here would have to agree
     * with Spring MVC's own matching ({@code /api;x/...}, {@code /%61pi/...}, a context path), and
     * pathwatch has no write endpoint a browser needs outside the API.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!READS.contains(request.getMethod())) {
            return false;
        }
        if (!protectReads || request.getMethod().equals("OPTIONS")) {
            return true;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return PAGE.contains(path) || path.startsWith("/webjars/") || path.equals("/actuator") || path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (READS.contains(request.getMethod())) { // a protected read: the token, nothing else
            if (!bearerMatches(request.getHeader("Authorization"))) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"pathwatch\"");
                refuse(request, response, HttpStatus.UNAUTHORIZED, "A token is needed",
                        "pathwatch.api.protect-reads is on: requests need the header Authorization: Bearer <token>.");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
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
