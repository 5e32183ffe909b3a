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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        "pathwatch.probe.interval=5s",
        "pathwatch.probe.heartbeat=2s",
        "pathwatch.probe.timeout=4s",
        "pathwatch.probe.hang-threshold=6s",
        "pathwatch.probe.window=5s",
        // on a busy shared host the prober lags; its windows are judged all the same, as this test is about the page
        "pathwatch.probe.max-self-lag=1m"})
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
            String name = name(i);
            registry.add("pathwatch.paths[" + i + "].name", () -> name);
            registry.add("pathwatch.paths[" + i + "].target", () -> "127.0.0.1:" + (n < ALIVE ? responder.port() : closed));
            registry.add("pathwatch.paths[" + i + "].tags.region", () -> "r" + (n % 10));
        }
    }

    private static String name(int i) {
        return i < ALIVE ? String.format(Locale.ROOT, "path-%03d", i) : "unreachable-" + (i - ALIVE);
    }

    /** Worst state first (DOWN, DEGRADED, UNKNOWN, OK), by name within a state, as the page was told the states. */
    @SuppressWarnings("unchecked")
    private static void assertSortedByState(ChromeDriver browser) {
        // both from the same refresh: read at once
        List<Object> both = (List<Object>) js(browser, "const s = window.pathwatchStatus; return [s.shown, s.paths];");
        List<String> shown = (List<String>) both.get(0);
        Map<String, String> states = new HashMap<>();
        ((List<Map<String, Object>>) both.get(1)).forEach(p -> states.put((String) p.get("name"), (String) p.get("state")));
        List<String> order = List.of("DOWN", "DEGRADED", "UNKNOWN", "OK");
        assertThat(shown).isSortedAccordingTo(Comparator.comparing((String n) -> order.indexOf(states.get(n))).thenComparing(Comparator.naturalOrder()));
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
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    api.list("/api/paths").stream().filter(p -> "DOWN".equals(p.get("state")) && p.get("name").toString().startsWith("unreachable"))
                            .count() == DEAD && ((List<?>) api.object("/api/paths/path-494/history").get("points")).size() >= 3);

            browser.get(base + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(100));
            wait.until(d -> Boolean.TRUE.equals(js(browser, "return window.pathwatchStatus.rendered;")));
            double loadMs = number(browser, "return window.pathwatchStatus.timing.firstRenderedAt;");
            double domMs = number(browser, "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;");
            double refreshMs = number(browser, "return window.pathwatchStatus.timing.refreshMs;");
            double fetchMs = number(browser, "return window.pathwatchStatus.timing.fetchMs;");
            double renderMs = number(browser, "return window.pathwatchStatus.timing.renderMs;");
            assertThat(browser.findElements(By.cssSelector("[data-path]"))).hasSize(ALIVE + DEAD);
            int drawnAtLoad = (int) number(browser, "return window.pathwatchStatus.drawn;");
            assertThat(drawnAtLoad).as("charts drawn at load, of 500").isBetween(1, 40);
            assertThat(js(browser, "return window.pathwatchStatus.charts['path-400'] || null;")).as("a chart far below the screen").isNull();

            // sorted by state (the default): worst first, then by name; the unreachable paths among the DOWN ones at the top
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) js(browser, "return window.pathwatchStatus.shown;");
            assertSortedByState(browser);
            for (int i = 0; i < DEAD; i++) {
                // cards are rebuilt on every refresh: read in one script
                assertThat(js(browser, "return document.querySelector(`[data-path='unreachable-${arguments[0]}'] [data-state]`).dataset.state;", i))
                        .isEqualTo("DOWN");
            }
            assertThat((String) js(browser, "return document.querySelector(\"[data-path='unreachable-0'] .reasons\").textContent;"))
                    .startsWith("DOWN since").contains("failed cycles").contains("clears after");

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

            // filter by tag: the 50 paths of region r8 (path-008 … path-488 and unreachable-3, the 499th)
            filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            filter.sendKeys("region=r8");
            wait.until(d -> ((List<?>) js(browser, "return window.pathwatchStatus.shown;")).size() == 50);
            @SuppressWarnings("unchecked")
            List<String> r8 = (List<String>) js(browser, "return window.pathwatchStatus.shown;");
            List<String> expected = new ArrayList<>();
            for (int i = 8; i < ALIVE + DEAD; i += 10) {
                expected.add(name(i));
            }
            assertThat(r8).containsExactlyInAnyOrderElementsOf(expected).contains("unreachable-3");
            assertSortedByState(browser);

            // sorted by name instead: the unreachable path goes last
            new Select(browser.findElement(By.id("sort"))).selectByValue("name");
            wait.until(d -> "unreachable-3".equals(((List<?>) js(browser, "return window.pathwatchStatus.shown;")).get(49)));
            @SuppressWarnings("unchecked")
            List<String> byName = (List<String>) js(browser, "return window.pathwatchStatus.shown;");
            assertThat(byName).hasSize(50).isSorted();

            // a refresh after the first rebuilds only the cards on screen
            wait.until(d -> number(browser, "return window.pathwatchStatus.timing.refreshes;") >= 2);
            double laterRefreshMs = number(browser, "return window.pathwatchStatus.timing.refreshMs;");
            System.out.printf(Locale.ROOT, "status page, %d paths: page loaded (DOMContentLoaded) %.0f ms and rendered %.0f ms after navigation (a refresh %.0f ms: /api/paths and /api/alerts %.0f ms, rows and cards built by %.0f ms, the rest drawing charts), %d charts drawn; "
                    + "scroll to the bottom drew %d more in %.0f ms; a filter to one path took %.0f ms; a later refresh %.0f ms%n",
                    ALIVE + DEAD, domMs, loadMs, refreshMs, fetchMs, renderMs, drawnAtLoad, drawnAfterScroll - drawnAtLoad, scrollMs, filterMs, laterRefreshMs);

            // a path's own page: why it is DOWN, its windows, baseline and alerts
            browser.get(base + "/?path=unreachable-0");
            wait.until(d -> js(browser, "return window.pathwatchStatus.pathPage || null;") != null);
            assertThat(browser.findElement(By.cssSelector(".path-sentence")).getText()).startsWith("DOWN since").contains("refused");
            // each window's span so far: the sealed windows of the last 1 m (and the open one), 5 m, 15 m, 1 h; the agent ran for less than 5 m
            @SuppressWarnings("unchecked")
            List<Long> spans = (List<Long>) js(browser, "return window.pathwatchStatus.pathPage.windows;");
            assertThat(spans).hasSize(4).allSatisfy(sec -> assertThat(sec).isPositive());
            assertThat(spans.get(0)).isLessThanOrEqualTo(60 + 5);
            assertThat(spans).isSorted();
            // the page's tables are rebuilt on every refresh: each read in one script
            assertThat(js(browser, "return [...document.querySelectorAll('table.windows thead th')].map(th => th.textContent);"))
                    .isEqualTo(List.of("figure", "last 1m", "last 5m", "last 15m", "last 1h"));
            wait.until(d -> number(browser, "return window.pathwatchStatus.pathPage.alerts;") >= 1);
            assertThat(js(browser, "return document.querySelectorAll('.timeline rect[data-incident]').length;")).isNotEqualTo(0L);

            browser.get(base + "/?path=path-007");
            wait.until(d -> js(browser, "return window.pathwatchStatus.pathPage || null;") != null);
            assertThat((String) js(browser, "return document.querySelector(\"[data-figure='RTT p50 ms']\").innerText;")).matches("RTT p50 ms(\\s+[0-9.]+){4}");
            assertThat(js(browser, "return document.querySelectorAll(\"table.baseline [data-baseline='rtt.p50']\").length;")).isEqualTo(1L);
            assertThat(js(browser, "return window.pathwatchStatus.pathPage.oneWay;")).isEqualTo(true);
            assertThat((String) js(browser, "return document.querySelector('.one-way').textContent;")).contains("→").contains("←");
            assertThat(js(browser, "return window.pathwatchStatus.charts['path-007'].bands;")).isEqualTo(2L);
            assertThat(js(browser, "return window.pathwatchStatus.error;")).isNull();
        } finally {
            browser.quit();
        }
    }
}
