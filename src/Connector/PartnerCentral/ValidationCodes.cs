namespace Connector.PartnerCentral;

/// <summary>The model's ValidationExceptionErrorCode and ValidationExceptionReason values.</summary>
public static class ValidationCodes
{
    public const string RequiredFieldMissing = "REQUIRED_FIELD_MISSING";
    public const string InvalidEnumValue = "INVALID_ENUM_VALUE";
    public const string InvalidStringFormat = "INVALID_STRING_FORMAT";
    public const string InvalidValue = "INVALID_VALUE";
    public const string NotEnoughValues = "NOT_ENOUGH_VALUES";
    public const string TooManyValues = "TOO_MANY_VALUES";
    public const string InvalidResourceState = "INVALID_RESOURCE_STATE";
    public const string DuplicateKeyValue = "DUPLICATE_KEY_VALUE";
    public const string ValueOutOfRange = "VALUE_OUT_OF_RANGE";
    public const string ActionNotPermitted = "ACTION_NOT_PERMITTED";

    public const string RequestValidationFailed = "REQUEST_VALIDATION_FAILED";
    public const string BusinessValidationFailed = "BUSINESS_VALIDATION_FAILED";
}
