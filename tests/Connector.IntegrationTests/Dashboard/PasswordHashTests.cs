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
    public void Verify_RejectsEverything_WhenTheStoredHashIsMalformedOrWeak(string stored) =>
        Assert.False(PasswordHash.Verify("anything", stored));

    [Fact]
    public void Create_SaltsEveryHash_SoEqualPasswordsDoNotShowAsEqual() =>
        Assert.NotEqual(PasswordHash.Create("same password here"), PasswordHash.Create("same password here"));
}
