namespace PartnerCentral.Emulator.Auth;

/// <summary>Temporary keys the emulator's STS handed out: accepted with their session token until they expire.</summary>
public sealed class IssuedCredential(string accessKeyId, string secretAccessKey, string sessionToken, DateTimeOffset expires, string roleArn, string action)
{
    private int _uses;

    public string AccessKeyId { get; } = accessKeyId;

    public string SecretAccessKey { get; } = secretAccessKey;

    public string SessionToken { get; } = sessionToken;

    public DateTimeOffset Expires { get; } = expires;

    public string RoleArn { get; } = roleArn;

    /// <summary>AssumeRoleWithWebIdentity, AssumeRole, ContainerCredentials, InstanceProfile or SsoRoleCredentials.</summary>
    public string Action { get; } = action;

    /// <summary>Requests that were accepted with these keys (signature verified, not expired).</summary>
    public int Uses => Volatile.Read(ref _uses);

    internal void RecordUse() => Interlocked.Increment(ref _uses);

    public override string ToString() => $"IssuedCredential {{ AccessKeyId = {AccessKeyId}, Expires = {Expires:O}, Uses = {Uses} }}";
}
