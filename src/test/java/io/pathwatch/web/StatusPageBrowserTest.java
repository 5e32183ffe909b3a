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
 * download): every demo path with its state, the ranking with its score in words, smoke charts
 * whose axis fits each path (linear and log), the internet path's first stall shaded and on the
 * alert timeline; a screenshot goes to target/status-page.png (docs/status-page.png is a copy of it).
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
            // smoke charts: two bands and a median; the axis fits the path, never pinned to 0
            @SuppressWarnings("unchecked")
            Map<String, Object> east = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                    "return window.pathwatchStatus.charts['privatelink-us-east-1'];");
            assertThat(((Number) east.get("bands")).intValue()).isEqualTo(2);
            double minP10 = ((Number) ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[0];"
                    + "fetch('/api/paths/privatelink-us-east-1/history?minutes=60').then(r => r.json())"
                    + ".then(h => done(Math.min(...h.points.filter(p => p.rttP10Ms != null).map(p => p.rttP10Ms))));")).doubleValue();
            double yMin = ((Number) east.get("yMin")).doubleValue();
            double smokePx = ((Number) east.get("smokePx")).doubleValue();
            double fromZeroPx = ((Number) east.get("smokePxFromZero")).doubleValue();
            System.out.printf(java.util.Locale.ROOT, "smoke chart of privatelink-us-east-1 (~205 ms, on this loaded host): p10–p90 stands %.1f px "
                    + "(axis %.1f–%.1f ms); on an axis from 0 it would stand %.1f px%n", smokePx, yMin, ((Number) east.get("yMax")).doubleValue(),
                    fromZeroPx);
            assertThat(yMin).as("axis minimum, ms, for windows whose lowest p10 is %.1f ms", minP10).isGreaterThan(minP10 / 2);
            assertThat(smokePx).as("p10–p90 height, px").isGreaterThanOrEqualTo(fromZeroPx);
            // the fit against a known truth: a 205 ms path with 2 ms of spread and one slow warm-up window
            String synthetic = "const w = (p10, p25, p50, p75, p90, p99) => ({rttP10Ms: p10, rttP25Ms: p25, rttP50Ms: p50, rttP75Ms: p75,"
                    + " rttP90Ms: p90, rttP99Ms: p99});"
                    + "const pts = [w(600, 650, 700, 750, 800, 800)];"
                    + "for (let i = 0; i < 30; i++) pts.push(w(204 + (i % 3) * 0.1, 204.5, 205, 205.5, 206 - (i % 2) * 0.1, 206.5));"
                    + "return window.pathwatchStatus.yRange(pts, arguments[0]);";
            @SuppressWarnings("unchecked")
            List<Number> linear = (List<Number>) ((JavascriptExecutor) browser).executeScript(synthetic, false);
            assertThat(linear.get(0).doubleValue()).as("linear axis bottom, ms").isBetween(203.0, 204.0);
            assertThat(linear.get(1).doubleValue()).as("linear axis top, ms").isBetween(206.5, 207.5);
            @SuppressWarnings("unchecked")
            List<Number> log = (List<Number>) ((JavascriptExecutor) browser).executeScript(synthetic, true);
            assertThat(log.get(0).doubleValue()).as("log axis bottom, ms").isBetween(190.0, 204.0);
            assertThat(log.get(1).doubleValue()).as("log axis top, ms: the warm-up window too").isGreaterThanOrEqualTo(800);
            // the alert timeline shows the internet path's hang incident
            new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(500)).until(d -> !d.findElements(
                    By.cssSelector("#timeline rect[data-incident]")).isEmpty());
            // the ranking names its destination and says its score in words, with the formula a click away
            assertThat(ranking.findElement(By.cssSelector("h3")).getText()).isEqualTo("Best path to destination feed");
            assertThat(ranking.findElement(By.cssSelector(".score-explained")).getText()).contains("p99").contains("jitter");
            assertThat(ranking.findElements(By.cssSelector("td.words"))).allSatisfy(td -> assertThat(td.getText()).matches("[0-9.]+ = .*p99 [0-9.]+ ms.*"));
            ranking.findElement(By.cssSelector("a[href='#score-formula']")).click();
            assertThat(browser.findElement(By.id("score-formula")).getAttribute("open")).isNotNull();
            assertThat(browser.findElement(By.cssSelector("#score-formula pre")).getText()).startsWith("score = rtt p99 + 2 × jitter");
            ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
            Path shot = Path.of("target/status-page.png");
            Files.createDirectories(shot.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(shot)).isGreaterThan(10_000);
            // the log scale, switched on: charts drawn again on it
            browser.findElement(By.id("log")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(200)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                    .executeScript("const c = window.pathwatchStatus.charts['privatelink-us-east-1']; return c && c.log;")));
            browser.findElement(By.id("log")).click();
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
