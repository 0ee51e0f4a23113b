using PartnerCentral.Emulator.Options;

namespace PartnerCentral.Emulator.Quotas;

/// <summary>The limits in force and how much of each window is used right now.</summary>
public sealed record QuotaUsage(QuotaSettings Limits, int WritesLastSecond, int WritesLast24Hours, int ReadsLastSecond, int ReadsLast24Hours);
