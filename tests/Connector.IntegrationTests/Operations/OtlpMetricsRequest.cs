using System.Buffers.Binary;
using System.Text;

namespace Connector.IntegrationTests.Operations;

/// <summary>Reads an OTLP/HTTP ExportMetricsServiceRequest (protobuf) far enough to check names and number points:
/// request{1 resource_metrics{2 scope_metrics{2 metric{1 name, 5 gauge | 7 sum {1 data_points{4 as_double | 6 as_int,
/// 7 attributes{1 key, 2 value{1 string}}}}}}}}. A wire format error throws.</summary>
internal static class OtlpMetricsRequest
{
    public static IReadOnlyList<OtlpPoint> Parse(byte[] body)
    {
        var points = new List<OtlpPoint>();
        foreach (var resource in Fields(body).Where(f => f.Number == 1))
        {
            foreach (var scope in Fields(resource.Bytes).Where(f => f.Number == 2))
            {
                foreach (var metric in Fields(scope.Bytes).Where(f => f.Number == 2))
                {
                    var fields = Fields(metric.Bytes);
                    var name = Encoding.UTF8.GetString(fields.First(f => f.Number == 1).Bytes);
                    var numbers = fields.Where(f => f.Number is 5 or 7).ToList();
                    if (numbers.Count == 0)
                    {
                        points.Add(new OtlpPoint(name, double.NaN, new Dictionary<string, string>()));
                    }

                    foreach (var data in numbers.SelectMany(n => Fields(n.Bytes)).Where(f => f.Number == 1))
                    {
                        var point = Fields(data.Bytes);
                        var asDouble = point.FirstOrDefault(f => f.Number == 4);
                        var value = asDouble is not null
                            ? BitConverter.Int64BitsToDouble((long)asDouble.Fixed)
                            : (double)(long)point.First(f => f.Number == 6).Fixed;
                        var attributes = point.Where(f => f.Number == 7).Select(a => Fields(a.Bytes))
                            .ToDictionary(
                                a => Encoding.UTF8.GetString(a.First(f => f.Number == 1).Bytes),
                                a => Fields(a.First(f => f.Number == 2).Bytes).FirstOrDefault(f => f.Number == 1) is { Number: 1 } s ? Encoding.UTF8.GetString(s.Bytes) : "");
                        points.Add(new OtlpPoint(name, value, attributes));
                    }
                }
            }
        }

        return points;
    }

    private static List<Field> Fields(byte[] message)
    {
        var fields = new List<Field>();
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message, ref position);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    fields.Add(new Field(number, Varint(message, ref position), []));
                    break;
                case 1:
                    fields.Add(new Field(number, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(position, 8)), []));
                    position += 8;
                    break;
                case 2:
                    var length = checked((int)Varint(message, ref position));
                    fields.Add(new Field(number, 0, message.AsSpan(position, length).ToArray()));
                    position += length;
                    break;
                case 5:
                    fields.Add(new Field(number, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(position, 4)), []));
                    position += 4;
                    break;
                default:
                    throw new FormatException($"wire type {tag & 7} at {position}");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("varint too long");
    }

    private sealed record Field(int Number, ulong Fixed, byte[] Bytes);
}

internal sealed record OtlpPoint(string Name, double Value, IReadOnlyDictionary<string, string> Attributes);
