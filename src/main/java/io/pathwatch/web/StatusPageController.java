package io.pathwatch.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /} is the status page. */
@Controller
class StatusPageController {

    @GetMapping("/")
    String statusPage() {
        return "forward:/status.html";
    }
}
