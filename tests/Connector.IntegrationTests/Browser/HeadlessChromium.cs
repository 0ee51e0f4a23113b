using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Connector.IntegrationTests.Browser;

/// <summary>Debian's Chromium, headless, driven by its chromedriver through Selenium, with a throw-away profile.
/// Missing binaries fail the test (never a silent skip): <c>./run-tests</c> (and so CI) installs them.</summary>
internal sealed class HeadlessChromium : IDisposable
{
    private readonly ChromeDriverService service;
    private readonly DirectoryInfo profile;

    private HeadlessChromium(ChromeDriver driver, ChromeDriverService service, DirectoryInfo profile)
    {
        Driver = driver;
        this.service = service;
        this.profile = profile;
    }

    public ChromeDriver Driver { get; }

    /// <param name="searchFolders">Where to look for the binaries; default PATH, /usr/bin and /usr/lib/chromium.</param>
    public static HeadlessChromium Start(IReadOnlyList<string>? searchFolders = null)
    {
        var folders = searchFolders ?? DefaultFolders();
        var chromium = Find(folders, "chromium", "chromium-browser", "google-chrome");
        var chromedriver = Find(folders, "chromedriver");
        if (chromium is null || chromedriver is null)
        {
            Assert.Fail(
                $"The browser tests need Chromium and its driver (found chromium: {chromium ?? "no"}, chromedriver: {chromedriver ?? "no"}). " +
                "Run .ci/run, which installs the Debian packages chromium and chromium-driver.");
        }

        var profile = Directory.CreateTempSubdirectory("partner-sync-chromium-");
        // An explicit driver path: Selenium Manager never runs, so nothing is downloaded.
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(chromedriver)!, Path.GetFileName(chromedriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-proxy-server",
            $"--user-data-dir={profile.FullName}", "--window-size=1280,2200");
        try
        {
            return new HeadlessChromium(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)), service, profile);
        }
        catch
        {
            service.Dispose();
            profile.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Polls <paramref name="condition"/> (reloading the page first when asked) until it holds; on timeout
    /// saves a screenshot and fails with what the page said.</summary>
    public void WaitUntil(Func<IWebDriver, bool> condition, string what, TimeSpan? timeout = null, bool reload = false)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (reload)
            {
                Driver.Navigate().Refresh();
            }

            try
            {
                if (condition(Driver))
                {
                    return;
                }
            }
            catch (WebDriverException)
            {
                // The page was reloading under us; look again.
            }

            if (DateTime.UtcNow > deadline)
            {
                var shot = Screenshot($"timeout-{DateTime.UtcNow:HHmmss}.png");
                Assert.Fail($"Timed out waiting for {what}. Screenshot: {shot}\nPage text:\n{Driver.FindElement(By.TagName("body")).Text}");
            }

            Thread.Sleep(reload ? 1000 : 200);
        }
    }

    public IWebElement WaitFor(By by, TimeSpan? timeout = null) =>
        new WebDriverWait(Driver, timeout ?? TimeSpan.FromSeconds(30)).Until(d => d.FindElements(by).FirstOrDefault(e => e.Displayed));

    /// <summary>Saves a PNG of the viewport under the test output's <c>screenshots/</c> and returns its path.</summary>
    public string Screenshot(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            service.Dispose();
            profile.Delete(recursive: true);
        }
    }

    private static string[] DefaultFolders() =>
        [.. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries), "/usr/bin", "/usr/lib/chromium"];

    private static string? Find(IReadOnlyList<string> folders, params string[] names) =>
        names.SelectMany(name => folders.Select(folder => Path.Combine(folder, name))).FirstOrDefault(File.Exists);
}
