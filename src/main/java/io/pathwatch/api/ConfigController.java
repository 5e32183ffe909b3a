package io.pathwatch.api;

import io.pathwatch.config.ConfigReloads;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The running configuration, and reloading it without a restart (docs/configuration.md). */
@RestController
@RequestMapping("/api/config")
class ConfigController {

    private final ConfigReloads reloads;

    ConfigController(ConfigReloads reloads) {
        this.reloads = reloads;
    }

    @Operation(summary = "The running configuration: every pathwatch key that is set, where it came from (secrets masked), the watched files, "
            + "the last reload and its outcome, keys waiting for a restart")
    @GetMapping
    ConfigReloads.Report config() {
        return reloads.report();
    }

    @Operation(summary = "Reads the configuration files again and applies what changed; 422 with the error (naming the key) when the new "
            + "configuration is invalid, in which case nothing changed")
    @PostMapping("/reload")
    ResponseEntity<ConfigReloads.Outcome> reload() {
        ConfigReloads.Outcome outcome = reloads.reload("api");
        return ResponseEntity.status(outcome.result() == ConfigReloads.Result.FAILED ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.OK).body(outcome);
    }
}
