package io.pathwatch.web;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.pathwatch.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's chromium and chromedriver, headless (no driver download); the test is skipped, saying which, when one is missing. */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static ChromeDriver start(int width, int height) {
        assumeThat(Tools.onPath("chromium")).as("chromium is not installed (Debian package chromium); skipping the browser test").isTrue();
        Path driverPath = Path.of("/usr/bin/chromedriver");
        assumeThat(Files.isExecutable(driverPath)).as("chromedriver is not installed (Debian package chromium-driver); skipping the browser test")
                .isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(Path.of("/usr/bin/chromium").toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=" + width + "," + height,
                        "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync",
                        "--disable-component-update", "--disable-default-apps");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverPath.toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(width, height));
        return browser;
    }

    static Object js(ChromeDriver browser, String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    static double number(ChromeDriver browser, String script, Object... args) {
        Object v = js(browser, script, args);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }
}
