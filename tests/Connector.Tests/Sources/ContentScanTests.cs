using System.Security.Cryptography;
using System.Text;
using Connector.Sources;

namespace Connector.Tests.Sources;

public class ContentScanTests
{
    [Fact]
    public async Task ScanAsync_HashesAndAcceptsUtf8_WhenTextHasBomAndMultiByteCharacters()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("opportunity_id,email\nO1,zoë@example.com\n")).ToArray();

        var facts = await ContentScan.ScanAsync(new MemoryStream(bytes), null, null, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), facts.Sha256);
        Assert.Equal(bytes.Length, facts.Length);
        Assert.Null(facts.InvalidUtf8Line);
        Assert.False(facts.HasNul || facts.IsBlank || facts.HasUtf16Bom || facts.TooLarge);
    }

    [Fact]
    public async Task ScanAsync_AcceptsSequence_WhenMultiByteCharacterStraddlesChunkBoundary()
    {
        // 65,535 ASCII bytes then 'é' (2 bytes): the character is split between the first and second 64 KiB chunk.
        var bytes = Encoding.UTF8.GetBytes(new string('a', 65535) + "é\n");

        var facts = await ContentScan.ScanAsync(new MemoryStream(bytes), null, null, CancellationToken.None);

        Assert.Null(facts.InvalidUtf8Line);
    }

    [Fact]
    public async Task ScanAsync_ReportsLineOfFirstBadByte_WhenFileIsLatin1()
    {
        var bytes = Encoding.Latin1.GetBytes("opportunity_id,first_name\nO1,Ann\nO2,Zoë\n");

        var facts = await ContentScan.ScanAsync(new MemoryStream(bytes), null, null, CancellationToken.None);

        Assert.Equal(3, facts.InvalidUtf8Line);
    }

    [Fact]
    public async Task ScanAsync_FlagsInvalid_WhenFileEndsInsideMultiByteSequence()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\nc,é")[..^1];

        var facts = await ContentScan.ScanAsync(new MemoryStream(bytes), null, null, CancellationToken.None);

        Assert.Equal(2, facts.InvalidUtf8Line);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00 }, "nul")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x61, 0x00 }, "utf16")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x0D, 0x0A, 0x20 }, "blank")]
    [InlineData(new byte[0], "blank")]
    public async Task ScanAsync_FlagsUnreadableContent_WhenBytesAreBinaryUtf16OrBlank(byte[] bytes, string expected)
    {
        var facts = await ContentScan.ScanAsync(new MemoryStream(bytes), null, null, CancellationToken.None);

        // UTF-16 text has NUL bytes too; the importer checks the BOM first to say which it is.
        Assert.Equal(expected != "blank", facts.HasNul);
        Assert.Equal(expected == "utf16", facts.HasUtf16Bom);
        Assert.Equal(expected == "blank", facts.IsBlank);
    }

    [Fact]
    public async Task ScanAsync_CopiesEveryByte_WhenSpoolingAnUpload()
    {
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        using var spool = new MemoryStream();

        await ContentScan.ScanAsync(new MemoryStream(bytes), spool, null, CancellationToken.None);

        Assert.Equal(bytes, spool.ToArray());
    }

    [Fact]
    public async Task ScanAsync_StopsReading_WhenUploadExceedsLimit()
    {
        var facts = await ContentScan.ScanAsync(new MemoryStream(new byte[300_000]), Stream.Null, maxBytes: 100_000, CancellationToken.None);

        Assert.True(facts.TooLarge);
        Assert.True(facts.Length < 300_000);
    }
}
