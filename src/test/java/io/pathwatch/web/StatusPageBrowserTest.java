package io.pathwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pathwatch.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The status page of the demo in headless Chromium (Debian's chromium and chromedriver; no driver
 * download): every demo path with its state, the ranking, charts drawn with data and the internet
 * path's first stall shaded; a screenshot goes to target/status-page.png (docs/status-page.png is
 * a copy of it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.port=0",
        "pathwatch.responder.bind=127.0.0.1",
        "pathwatch.probe.window=2s"})
class StatusPageBrowserTest {

    private static final List<String> DEMO = List.of("privatelink-us-east-1", "privatelink-us-west-1", "privatelink-ap-southeast-2",
            "stunnel-internet");

    @Value("${local.server.port}")
    int port;

    @Test
    void everyDemoPathShowsItsStateTheRankingAndChartsWithData() throws Exception {
        assumeThat(Tools.onPath("chromium")).as("chromium is not installed (Debian package chromium); skipping the browser test").isTrue();
        Path driverPath = Path.of("/usr/bin/chromedriver");
        assumeThat(Files.isExecutable(driverPath)).as("chromedriver is not installed (Debian package chromium-driver); skipping the browser test")
                .isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(Path.of("/usr/bin/chromium").toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600",
                        "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync",
                        "--disable-component-update", "--disable-default-apps");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverPath.toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().window().setSize(new Dimension(1280, 1600));
            browser.get("http://127.0.0.1:" + port + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120), Duration.ofMillis(500));
            // charts need a few sealed windows, and the internet path's first stall comes 41 s after start; the page refreshes every 10 s
            wait.until(d -> {
                Object charts = ((JavascriptExecutor) d).executeScript(
                        "const s = window.pathwatchStatus; return s && s.rendered ? Object.values(s.charts).filter(c => c.points >= 3).length : 0;");
                return ((Number) charts).intValue() == DEMO.size();
            });
            wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                    "const c = window.pathwatchStatus.charts['stunnel-internet']; return c ? c.hangs : 0;")).intValue() >= 1);
            // each shaded run of hung windows has its cause (null until one settles) and says it under the chart
            Object causes = ((JavascriptExecutor) browser).executeScript("return window.pathwatchStatus.charts['stunnel-internet'].causes;");
            assertThat((List<?>) causes).isNotEmpty().allSatisfy(c -> assertThat(c == null || c.toString().matches("[a-z_]+")).isTrue());
            assertThat(browser.findElement(By.cssSelector("[data-chart='stunnel-internet'] .hang-causes")).getText()).startsWith("hangs: ");
            for (String path : DEMO) {
                WebElement card = browser.findElement(By.cssSelector("[data-path='" + path + "']"));
                String state = card.findElement(By.cssSelector("[data-state]")).getAttribute("data-state");
                assertThat(state).as(path).isIn("OK", "DEGRADED", "DOWN", "UNKNOWN");
                assertThat(card.getText()).contains(path).contains("p99 ms");
                WebElement canvas = browser.findElement(By.cssSelector("[data-chart='" + path + "'] canvas"));
                assertThat(canvas.getSize().getWidth()).isGreaterThan(200);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> status = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("return window.pathwatchStatus;");
            assertThat(status.get("error")).isNull();
            WebElement ranking = browser.findElement(By.cssSelector("[data-destination='feed']"));
            assertThat(ranking.findElements(By.cssSelector("tbody tr"))).hasSize(DEMO.size());
            assertThat(ranking.getText()).containsAnyOf("indistinguishable", "most stable");
            // the charts drew lines: the canvas is not blank
            Object painted = ((JavascriptExecutor) browser).executeScript(
                    "const c = document.querySelector(\"[data-chart='privatelink-us-east-1'] canvas\");"
                            + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                            + "let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;");
            assertThat(((Number) painted).longValue()).as("painted pixels").isGreaterThan(1000);
            Path shot = Path.of("target/status-page.png");
            Files.createDirectories(shot.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(shot)).isGreaterThan(10_000);
            // readable on a phone: one column, no sideways scrolling of the page
            browser.manage().window().setSize(new Dimension(390, 844));
            new WebDriverWait(browser, Duration.ofSeconds(5), Duration.ofMillis(200)).until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                    "return document.querySelector(\"[data-chart] canvas\").getBoundingClientRect().width;")).doubleValue() < 390);
            Object overflow = ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(((Number) overflow).intValue()).as("horizontal overflow on a phone, px").isLessThanOrEqualTo(0);
        } finally {
            browser.quit();
        }
    }
}
