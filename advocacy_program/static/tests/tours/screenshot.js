/**
 * Screenshots for the README gallery, taken by TourScreenshotsMixin (advocacy_program/tests/screenshots.py).
 *
 *     run: () => takeScreenshot("advocacy_lead_referrer"),
 *
 * Logs the request, then waits until the test saved the picture (it sets
 * `window.advocacyScreenshotTaken`), so that the next step does not change the page under the camera.
 */
export async function takeScreenshot(name, timeout = 10000) {
    console.log(`advocacy-screenshot:${name}`);
    const start = Date.now();
    while (window.advocacyScreenshotTaken !== name && Date.now() - start < timeout) {
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}
