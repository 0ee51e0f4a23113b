using System.Net;
using System.Text;

namespace Connector.IntegrationTests.Dashboard;

/// <summary>A CSV body generated as it is sent, with no Content-Length, that counts how much the server pulled.</summary>
internal sealed class CountingContent(long totalBytes) : HttpContent
{
    private long pulled;

    public long BytesPulled => Interlocked.Read(ref pulled);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("O1234567,solution,S-1\n", 2000)));
        await stream.WriteAsync(Encoding.UTF8.GetBytes("opportunity_id,entity_type,entity_id\n"));
        try
        {
            while (BytesPulled < totalBytes)
            {
                await stream.WriteAsync(chunk);
                Interlocked.Add(ref pulled, chunk.Length);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            // The server stopped reading and answered: exactly what the test wants to see.
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
