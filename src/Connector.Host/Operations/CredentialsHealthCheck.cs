using Connector.PartnerCentral.Credentials;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Connector.Host.Operations;

/// <summary>Readiness: the AWS credential chain yields credentials (nothing about them is shown).</summary>
internal sealed class CredentialsHealthCheck(IAwsCredentialSource credentials) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await credentials.GetCredentialsAsync(cancellationToken);
            return HealthCheckResult.Healthy("resolvable");
        }
        catch (CredentialsNotFoundException)
        {
            return HealthCheckResult.Unhealthy("not resolvable: " + CredentialsNotFoundException.WhatToSet);
        }
    }
}
