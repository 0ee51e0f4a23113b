using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Options;

namespace PartnerCentral.Emulator.Api;

/// <summary>The control API can wipe state and inject faults, so it is served to loopback callers only, or to
/// callers presenting the configured X-Emulator-Token. Others get 404 (nothing to discover) or, when they sent a
/// wrong token, 403. Secure by default, like Hangfire's dashboard.</summary>
internal sealed class ControlAccessFilter(IOptions<EmulatorOptions> options, ILogger<ControlAccessFilter> logger) : IEndpointFilter
{
    public const string TokenHeader = "X-Emulator-Token";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var remote = http.Connection.RemoteIpAddress;
        if (remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
        {
            return next(context);
        }

        var sent = http.Request.Headers[TokenHeader].ToString();
        var expected = options.Value.ControlToken;
        if (sent.Length == 0)
        {
            EmulatorLog.ControlRefused(logger, remote?.ToString(), "not loopback and no token");
            return ValueTask.FromResult<object?>(Results.NotFound());
        }

        if (string.IsNullOrEmpty(expected)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected)))
        {
            EmulatorLog.ControlRefused(logger, remote?.ToString(), "wrong token");
            return ValueTask.FromResult<object?>(Results.StatusCode(StatusCodes.Status403Forbidden));
        }

        return next(context);
    }
}
