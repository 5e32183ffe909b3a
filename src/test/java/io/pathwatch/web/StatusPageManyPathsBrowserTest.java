package io.pathwatch.web;

import static io.pathwatch.web.HeadlessChromium.js;
import static io.pathwatch.web.HeadlessChromium.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.LocalResponder;
import io.pathwatch.testing.Tools;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The status page of an agent with 500 paths (495 to a responder on 127.0.0.1, five to a port
 * nobody listens on, which go DOWN and are named to sort last by name): it loads, draws only the charts near the screen, draws the
 * last path's chart once scrolled to it, filters by name and by tag, sorts the DOWN paths first,
 * and a path's own page shows its windows, baseline, one-way split, alerts and why it is DOWN in
 * words. Load, filter and scroll times are printed (timing goals belong to benchmarks, not asserts).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.demo.enabled=false",
        "pathwatch.auth.secret=many-secret",
        "pathwatch.probe.interval=2s",
        "pathwatch.probe.heartbeat=1s",
        "pathwatch.probe.timeout=1500ms",
        "pathwatch.probe.hang-threshold=2s",
        "pathwatch.probe.window=2s"})
@DirtiesContext // 500 paths' probes must stop with this class
class StatusPageManyPathsBrowserTest {

    private static final int ALIVE = 495;
    private static final int DEAD = 5;
    private static ResponderServer responder;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void paths(DynamicPropertyRegistry registry) {
        responder = LocalResponder.start(0, "many-secret");
        int closed = Tools.freePort();
        for (int i = 0; i < ALIVE + DEAD; i++) {
            int n = i;
            String name = i < ALIVE ? String.format(Locale.ROOT, "path-%03d", i) : "unreachable-" + (i - ALIVE);
            registry.add("pathwatch.paths[" + i + "].name", () -> name);
            registry.add("pathwatch.paths[" + i + "].target", () -> "127.0.0.1:" + (n < ALIVE ? responder.port() : closed));
            registry.add("pathwatch.paths[" + i + "].tags.region", () -> "r" + (n % 10));
        }
    }

    @AfterAll
    static void stopResponder() {
        responder.stop();
    }

    @Test
    void fiveHundredPathsLoadLazilyFilterSortAndEachHasItsPage() throws Exception {
        ChromeDriver browser = HeadlessChromium.start(1280, 1000);
        try {
            String base = "http://127.0.0.1:" + port;
            Http api = new Http(port);
            // a few sealed windows behind every chart, and the dead paths judged DOWN
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    api.list("/api/paths").stream().filter(p -> "DOWN".equals(p.get("state"))).count() == DEAD
                            && ((List<?>) api.object("/api/paths/path-494/history").get("points")).size() >= 3);

            browser.get(base + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(100));
            wait.until(d -> Boolean.TRUE.equals(js(browser, "return window.pathwatchStatus.rendered;")));
            double loadMs = number(browser, "return performance.now();");
            double refreshMs = number(browser, "return window.pathwatchStatus.timing.refreshMs;");
            assertThat(browser.findElements(By.cssSelector("[data-path]"))).hasSize(ALIVE + DEAD);
            int drawnAtLoad = (int) number(browser, "return window.pathwatchStatus.drawn;");
            assertThat(drawnAtLoad).as("charts drawn at load, of 500").isBetween(1, 40);
            assertThat(js(browser, "return window.pathwatchStatus.charts['path-400'] || null;")).as("a chart far below the screen").isNull();

            // sorted by state (the default): the DOWN paths first, then by name
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) js(browser, "return window.pathwatchStatus.shown;");
            assertThat(shown.subList(0, DEAD)).containsExactly("unreachable-0", "unreachable-1", "unreachable-2", "unreachable-3", "unreachable-4");
            assertThat(browser.findElement(By.cssSelector("[data-path='unreachable-0'] .reasons")).getText())
                    .startsWith("DOWN since").contains("failed connects").contains("clears after");

            // scrolled to the bottom: the last row's chart is drawn, the ones skipped over are not
            long t0 = System.nanoTime();
            js(browser, "window.scrollTo(0, document.body.scrollHeight);");
            String last = shown.get(shown.size() - 1);
            wait.until(d -> js(browser, "return window.pathwatchStatus.charts[arguments[0]] || null;", last) != null);
            double scrollMs = (System.nanoTime() - t0) / 1e6;
            int drawnAfterScroll = (int) number(browser, "return window.pathwatchStatus.drawn;");
            assertThat(drawnAfterScroll - drawnAtLoad).as("charts drawn by the scroll").isBetween(1, 40);
            assertThat(js(browser, "return window.pathwatchStatus.charts['path-250'] || null;")).as("a chart in the middle").isNull();
            js(browser, "window.scrollTo(0, 0);");

            // filter by name: one row left, and its chart drawn
            WebElement filter = browser.findElement(By.id("filter"));
            t0 = System.nanoTime();
            filter.sendKeys("path-250");
            wait.until(d -> ((List<?>) js(browser, "return window.pathwatchStatus.shown;")).size() == 1);
            double filterMs = (System.nanoTime() - t0) / 1e6;
            assertThat(js(browser, "return window.pathwatchStatus.shown;")).isEqualTo(List.of("path-250"));
            assertThat(browser.findElements(By.cssSelector("[data-row]:not([hidden])"))).hasSize(1);
            wait.until(d -> js(browser, "return window.pathwatchStatus.charts['path-250'] || null;") != null);

            // filter by tag: the 50 paths of region r3
            filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            filter.sendKeys("region=r3");
            wait.until(d -> ((List<?>) js(browser, "return window.pathwatchStatus.shown;")).size() == 50);
            @SuppressWarnings("unchecked")
            List<String> r3 = (List<String>) js(browser, "return window.pathwatchStatus.shown;");
            assertThat(r3).allSatisfy(name -> assertThat(Integer.parseInt(name.replaceAll("\\D", "")) % 10).isEqualTo(3)).contains("unreachable-3");
            assertThat(r3.get(0)).as("DOWN first").isEqualTo("unreachable-3");

            // sorted by name instead: the unreachable path goes last
            new Select(browser.findElement(By.id("sort"))).selectByValue("name");
            wait.until(d -> "unreachable-3".equals(((List<?>) js(browser, "return window.pathwatchStatus.shown;")).get(49)));
            @SuppressWarnings("unchecked")
            List<String> byName = (List<String>) js(browser, "return window.pathwatchStatus.shown;");
            assertThat(byName).hasSize(50).isSorted();

            System.out.printf(Locale.ROOT, "status page, %d paths: first render %.0f ms after navigation (its refresh %.0f ms), %d charts drawn; "
                    + "scroll to the bottom drew %d more in %.0f ms; a filter to one path took %.0f ms%n",
                    ALIVE + DEAD, loadMs, refreshMs, drawnAtLoad, drawnAfterScroll - drawnAtLoad, scrollMs, filterMs);

            // a path's own page: why it is DOWN, its windows, baseline and alerts
            browser.get(base + "/?path=unreachable-0");
            wait.until(d -> js(browser, "return window.pathwatchStatus.pathPage || null;") != null);
            assertThat(browser.findElement(By.cssSelector(".path-sentence")).getText()).startsWith("DOWN since").contains("refused");
            assertThat(js(browser, "return window.pathwatchStatus.pathPage.windows;")).isEqualTo(List.of(60L, 300L, 900L, 3600L));
            assertThat(browser.findElements(By.cssSelector("table.windows thead th"))).extracting(WebElement::getText)
                    .containsExactly("figure", "last 1m", "last 5m", "last 15m", "last 1h");
            wait.until(d -> number(browser, "return window.pathwatchStatus.pathPage.alerts;") >= 1);
            assertThat(browser.findElements(By.cssSelector(".timeline rect[data-incident]"))).isNotEmpty();

            browser.get(base + "/?path=path-007");
            wait.until(d -> js(browser, "return window.pathwatchStatus.pathPage || null;") != null);
            assertThat(browser.findElement(By.cssSelector("[data-figure='RTT p50 ms']")).getText()).matches("RTT p50 ms( [0-9.]+){4}");
            assertThat(browser.findElements(By.cssSelector("table.baseline [data-baseline='rtt.p50']"))).hasSize(1);
            assertThat(js(browser, "return window.pathwatchStatus.pathPage.oneWay;")).isEqualTo(true);
            assertThat(browser.findElement(By.cssSelector(".one-way")).getText()).contains("→").contains("←");
            assertThat(js(browser, "return window.pathwatchStatus.charts['path-007'].bands;")).isEqualTo(2L);
            assertThat(js(browser, "return window.pathwatchStatus.error;")).isNull();
        } finally {
            browser.quit();
        }
    }
}
