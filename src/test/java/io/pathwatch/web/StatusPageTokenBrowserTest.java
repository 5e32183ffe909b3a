package io.pathwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pathwatch.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * With {@code pathwatch.api.protect-reads}, the status page asks for the token once, shows the
 * paths with it, and keeps it for the browser session (a reload does not ask again).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.demo.enabled=false",
        "pathwatch.api.token=page-token",
        "pathwatch.api.protect-reads=true",
        "pathwatch.paths[0].name=guarded",
        "pathwatch.paths[0].target=127.0.0.1:9"})
class StatusPageTokenBrowserTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void thePageAsksForTheTokenOnceAndKeepsItForTheSession() {
        assumeThat(Tools.onPath("chromium")).as("chromium is not installed (Debian package chromium); skipping the browser test").isTrue();
        Path driverPath = Path.of("/usr/bin/chromedriver");
        assumeThat(Files.isExecutable(driverPath)).as("chromedriver is not installed (Debian package chromium-driver); skipping the browser test")
                .isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(Path.of("/usr/bin/chromium").toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                        "--disable-extensions", "--disable-background-networking", "--disable-sync", "--disable-component-update",
                        "--disable-default-apps");
        options.setUnhandledPromptBehaviour(org.openqa.selenium.UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverPath.toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get("http://127.0.0.1:" + port + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200));
            Alert prompt = wait.until(ExpectedConditions.alertIsPresent());
            assertThat(prompt.getText()).contains("token");
            prompt.sendKeys("page-token");
            prompt.accept();
            wait.until(d -> !d.findElements(By.cssSelector("[data-path='guarded']")).isEmpty());
            assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('pathwatch-token');")).isEqualTo("page-token");
            // a reload keeps the session's token: no second prompt
            browser.navigate().refresh();
            wait.until(d -> !d.findElements(By.cssSelector("[data-path='guarded']")).isEmpty());
            assertThat(ExpectedConditions.alertIsPresent().apply(browser)).isNull();
        } finally {
            browser.quit();
        }
    }
}
