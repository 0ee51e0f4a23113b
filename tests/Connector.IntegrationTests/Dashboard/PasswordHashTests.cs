using Connector.Host.Dashboard;

namespace Connector.IntegrationTests.Dashboard;

public sealed class PasswordHashTests
{
    [Fact]
    public void Verify_AcceptsTheRightPassword_AndRejectsAnyOther()
    {
        var hash = PasswordHash.Create("correct horse battery staple");

        Assert.True(PasswordHash.Verify("correct horse battery staple", hash));
        Assert.False(PasswordHash.Verify("correct horse battery stapl", hash));
        Assert.DoesNotContain("staple", hash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext-password")]
    [InlineData("pbkdf2-sha256$10$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$210000$not base64$AAAA")]
    [InlineData("pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA==$")]
    [InlineData("pbkdf2-sha256$209999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Verify_RejectsEverything_WhenTheStoredHashIsMalformedOrWeak(string stored) =>
        Assert.False(PasswordHash.Verify("anything", stored));

    [Fact]
    public void Create_SaltsEveryHash_SoEqualPasswordsDoNotShowAsEqual() =>
        Assert.NotEqual(PasswordHash.Create("same password here"), PasswordHash.Create("same password here"));

    [Fact]
    public void Verify_RejectsEveryPassword_WhenTheDigestIsEmpty()
    {
        var parts = PasswordHash.Create("correct horse battery staple").Split('$');
        var emptyDigest = string.Join('$', parts[0], parts[1], parts[2], string.Empty);

        Assert.NotNull(PasswordHash.Problem(emptyDigest));
        Assert.False(PasswordHash.Verify(string.Empty, emptyDigest));
        Assert.False(PasswordHash.Verify("correct horse battery staple", emptyDigest));
    }

    [Fact]
    public void Problem_IsNull_ForWhatCreateMakes() => Assert.Null(PasswordHash.Problem(PasswordHash.Create("correct horse battery staple")));
}
