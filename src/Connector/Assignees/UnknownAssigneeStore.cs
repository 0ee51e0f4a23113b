using Connector.Changes;
using Connector.PartnerCentral;
using Connector.Sync;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Assignees;

/// <summary>Owns <c>connector.unknown_assignees</c>: the emails Partner Central refused as not users of the account
/// (there is no API that lists them). The one write that meets such an email is remembered here; the queued changes
/// naming it are rejected with it, and the planner rejects later ones before any write, until an operator resets the
/// email or <see cref="SyncOptions.UnknownAssigneeExpiry"/> passes.</summary>
public sealed class UnknownAssigneeStore(NpgsqlDataSource dataSource, ChangeRecorder recorder, IOptions<SyncOptions> options)
{
    /// <summary>The error type of a change rejected for a remembered email.</summary>
    public const string ErrorType = "UnknownAssignee";

    /// <summary>The status detail of a change rejected for a remembered email, as a SQL expression over the row
    /// <c>u</c> of <c>connector.unknown_assignees</c>: one wording for the planner and for the queued changes rejected
    /// when an email is first refused. It names the change that met the refusal, never the email.</summary>
    public const string DetailSql = $$"""
        ('assignee_email: Partner Central refused this assignee as not a user of the account (change '
         || coalesce(u.change_id::text, '?') || ', ' || to_char(u.refused_at at time zone 'UTC', {{DetailStamp.Sql}})
         || '); not sent until ' || to_char(u.expires_at at time zone 'UTC', {{DetailStamp.Sql}})
         || ' or ''connector assignees reset'' ({{ErrorType}})')
        """;

    private const string RememberSql = $$"""
        insert into connector.unknown_assignees as u (email, refused_at, expires_at, change_id, request_id)
        values (@email, now(), now() + @expiry, @changeId, @requestId)
            on conflict (email) do update
           set refused_at = excluded.refused_at, expires_at = excluded.expires_at,
               change_id = excluded.change_id, request_id = excluded.request_id
        returning {{DetailSql}}
        """;

    private const string RecallSql = $$"""
        select {{DetailSql}} from connector.unknown_assignees u where u.email = @email and u.expires_at > now()
        """;

    // Queued assignments naming the email (as it is sent: the rule is C#, RequestValidator.Normalise, so the SQL only
    // narrows); one a sender holds is in flight and left to it.
    private const string QueuedSql = $$"""
        select c.id, c.assignee_email
          from connector.send_queue q
          join connector.crm_changes c on c.id = q.change_id
         where c.change_type = '{{ChangeType.Assign}}' and position(@email in lower(c.assignee_email)) > 0
           for update of q skip locked
        """;

    private const string ListSql = """
        select email, refused_at, expires_at, change_id, request_id
          from connector.unknown_assignees
         where expires_at > now()
         order by refused_at desc, email
        """;

    private const string ResetSql = "delete from connector.unknown_assignees where @email::text is null or email = @email";

    // The changes rejected for a remembered email (the C# rule decides which email they name).
    private const string RejectedSql = $$"""
        select id, assignee_email from connector.crm_changes
         where status = '{{ChangeStatus.Rejected}}' and error_type = '{{ErrorType}}'
           for update
        """;

    /// <summary>Whether refused emails are remembered at all (<c>Sync:UnknownAssigneeExpiry</c> 0 turns it off).</summary>
    public bool Enabled => options.Value.RemembersUnknownAssignees;

    /// <summary>Whether Partner Central's refusal of this assignment says the email is not a user of the account: a
    /// ValidationException from the service (not our own pre-flight check, which catches malformed emails first) that
    /// names the assignee's email field. AWS documents no error code for it; the field is what the answer carries.</summary>
    public static bool IsUnknownAssignee(Exception error) =>
        error is PartnerCentralValidationException { IsPreflight: false } validation
        && validation.FieldErrors.Any(f => f.FieldName is "Assignee.Email" or "Assignee");

    /// <summary>Remembers the email the refused change <paramref name="changeId"/> named and rejects, in the same
    /// transaction, the other queued assignments naming it. Returns how many were rejected.</summary>
    public async Task<int> RememberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string email, long changeId, string? requestId, CancellationToken cancellationToken)
    {
        email = Normalised(email);
        var detail = await connection.ExecuteScalarAsync<string>(new CommandDefinition(RememberSql,
            new { email, expiry = options.Value.UnknownAssigneeExpiry, changeId, requestId }, transaction, cancellationToken: cancellationToken));
        var queued = await connection.QueryAsync<(long Id, string? Email)>(new CommandDefinition(QueuedSql, new { email }, transaction, cancellationToken: cancellationToken));
        var named = queued.Where(q => q.Id != changeId && Normalised(q.Email) == email).Select(q => q.Id).ToArray();
        if (named.Length > 0)
        {
            await recorder.RejectQueuedAsync(connection, transaction, named, detail!, ErrorType, cancellationToken);
        }

        return named.Length;
    }

    /// <summary>The rejection detail when <paramref name="email"/> is remembered (and not expired), else null: asked
    /// by a sender at the last moment before an assignment's call, for the change another sender claimed while the
    /// first write to the email was on its way.</summary>
    public Task<string?> RecallAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string email, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(RecallSql, new { email = Normalised(email) }, transaction, cancellationToken: cancellationToken));

    /// <summary>The emails remembered now (expired ones no longer count), latest refusal first.</summary>
    public async Task<IReadOnlyList<UnknownAssignee>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<UnknownAssignee>(new CommandDefinition(ListSql, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Forgets one email (as it would be sent: case and surrounding spaces do not matter), or all of them
    /// when <paramref name="email"/> is null, and puts the changes rejected for them back to pending, for the next
    /// plan to send (the user was added to the account, or the refusal was a mistake).</summary>
    public async Task<AssigneeReset> ResetAsync(string? email, string requestedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var normalised = email is null ? null : Normalised(email);
        var forgotten = await connection.ExecuteAsync(new CommandDefinition(ResetSql, new { email = normalised }, transaction, cancellationToken: cancellationToken));
        // Also after the memory expired: a change rejected for the email is the operator's to send again.
        var rejected = await connection.QueryAsync<(long Id, string? Email)>(new CommandDefinition(RejectedSql, transaction: transaction, cancellationToken: cancellationToken));
        var ids = rejected.Where(r => normalised is null || Normalised(r.Email) == normalised).Select(r => r.Id).ToArray();
        var requeued = ids.Length == 0 ? 0 : await recorder.RequeueRejectedAsync(connection, transaction, ids, requestedBy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AssigneeReset(forgotten, requeued);
    }

    private static string Normalised(string? email) => RequestValidator.NormaliseEmail(email);
}

/// <summary>What a reset did: emails forgotten, and changes rejected for them put back to pending.</summary>
public sealed record AssigneeReset(int Forgotten, int Requeued);
