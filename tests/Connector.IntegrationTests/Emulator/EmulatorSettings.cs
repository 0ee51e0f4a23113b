namespace Connector.IntegrationTests.Emulator;

/// <summary>Emulator settings for tests: quotas lifted so rule tests can write back to back (quota tests set
/// their own), logging quiet.</summary>
internal static class EmulatorSettings
{
    public static Dictionary<string, string?> Fast(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Emulator:Quotas:WritesPerSecond"] = "1000",
            ["Emulator:Quotas:ReadsPerSecond"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static Dictionary<string, string?> Quiet(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}
