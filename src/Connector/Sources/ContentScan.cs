using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Connector.Sources;

/// <summary>Reads a file once, in chunks: hashes it, optionally copies it (spooling an upload), and checks it with
/// a strict UTF-8 decoder. CsvHelper would quietly turn bad bytes into U+FFFD, so this pass is what rejects them.</summary>
internal static class ContentScan
{
    private const int ChunkSize = 64 * 1024;

    public static async Task<ContentFacts> ScanAsync(Stream source, Stream? copyTo, long? maxBytes, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var chars = ArrayPool<char>.Shared.Rent(ChunkSize + 4);
        try
        {
            long length = 0;
            var lineBreaks = 0;
            var blank = true;
            var hasNul = false;
            var utf16Bom = false;
            int? invalidLine = null;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), ct).ConfigureAwait(false)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                if (length == 0 && read >= 2 && ((chunk[0] == 0xFF && chunk[1] == 0xFE) || (chunk[0] == 0xFE && chunk[1] == 0xFF)))
                {
                    utf16Bom = true;
                }

                var start = length == 0 && chunk.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
                blank = blank && chunk[start..].IndexOfAnyExcept((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']) < 0;
                hasNul = hasNul || chunk.Contains((byte)0);
                if (invalidLine is null)
                {
                    var bad = FirstInvalid(decoder, chunk, chars, flush: false);
                    lineBreaks += bad is null ? chunk.Count((byte)'\n') : chunk[..Math.Max(0, bad.Value)].Count((byte)'\n');
                    if (bad is not null)
                    {
                        invalidLine = lineBreaks + 1;
                    }
                }

                hash.AppendData(chunk);
                length += read;
                if (length > maxBytes)
                {
                    return new ContentFacts("", length, TooLarge: true, blank, hasNul, utf16Bom, invalidLine);
                }

                if (copyTo is not null)
                {
                    await copyTo.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                }
            }

            if (invalidLine is null && FirstInvalid(decoder, [], chars, flush: true) is not null)
            {
                // The file ends in the middle of a multi-byte sequence.
                invalidLine = lineBreaks + 1;
            }

            if (copyTo is not null)
            {
                await copyTo.FlushAsync(ct).ConfigureAwait(false);
            }

            return new ContentFacts(Convert.ToHexStringLower(hash.GetHashAndReset()), length, TooLarge: false, blank, hasNul, utf16Bom, invalidLine);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Index in the chunk of the first byte that is not UTF-8 (it may be negative when the bad sequence
    /// began in the previous chunk), or null.</summary>
    private static int? FirstInvalid(Decoder decoder, ReadOnlySpan<byte> chunk, char[] chars, bool flush)
    {
        try
        {
            // GetChars, not GetCharCount: only GetChars carries a sequence split between two chunks over to the next.
            decoder.GetChars(chunk, chars, flush);
            return null;
        }
        catch (DecoderFallbackException e)
        {
            return e.Index;
        }
    }
}
