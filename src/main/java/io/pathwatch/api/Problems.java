package io.pathwatch.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The API's RFC 9457 errors: a status, a title that names what was wrong, a detail that says how. */
final class Problems {

    private Problems() {
    }

    static ErrorResponseException of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    static ErrorResponseException badParameter(String parameter, String detail) {
        return of(HttpStatus.BAD_REQUEST, "Bad parameter: " + parameter, detail);
    }
}
