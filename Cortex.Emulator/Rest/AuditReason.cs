namespace Cortex.Emulator.Rest;

/// <summary>The <c>X-Audit-Log-Reason</c> header: URL-encoded by clients (it may hold any Unicode), at most 512 characters kept.</summary>
internal static class AuditReason
{
    public const int MaxLength = 512;

    public static string? Of(HttpContext http)
    {
        var header = http.Request.Headers["X-Audit-Log-Reason"].ToString();
        if (header.Length == 0)
        {
            return null;
        }

        var reason = Uri.UnescapeDataString(header);
        return reason.Length > MaxLength ? reason[..MaxLength] : reason;
    }
}
