namespace PartnerCentral.Emulator.Protocol;

/// <summary>The body could not be decoded; answered as SerializationException (400).</summary>
internal sealed class RequestSerializationException(string message) : Exception(message);
