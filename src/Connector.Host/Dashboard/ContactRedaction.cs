using System.Text.RegularExpressions;

namespace Connector.Host.Dashboard;

/// <summary>Hides e-mail addresses and phone numbers (an assignee's, quoted back in a Partner Central error) in
/// text shown to read-only dashboard users. Opportunity ids, dates and short numbers stay readable.</summary>
public static partial class ContactRedaction
{
    public const string EmailHidden = "[email hidden]";

    public const string PhoneHidden = "[phone hidden]";

    private const int MinPhoneDigits = 7;

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var withoutEmails = Email().Replace(text, EmailHidden);
        return Phone().Replace(withoutEmails, match =>
            match.Value.Count(char.IsAsciiDigit) >= MinPhoneDigits && !IsoDate().IsMatch(match.Value) ? PhoneHidden : match.Value);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")]
    private static partial Regex Email();

    // Digits with the separators phone numbers are written with, not glued to a word (O1234567890 is an id).
    [GeneratedRegex(@"(?<![\w+])\+?\(?\d[\d ().-]{5,}\d(?!\w)")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();
}
