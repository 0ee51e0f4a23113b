namespace Connector.PartnerCentral;

/// <summary>One broken field rule, in the shape of the API's ValidationExceptionError (FieldName, Code, Message).
/// Messages never repeat the value: it may be an email or a phone number.</summary>
public sealed record FieldError(string FieldName, string Code, string Message)
{
    public override string ToString() => $"{FieldName}: {Message} ({Code})";
}
