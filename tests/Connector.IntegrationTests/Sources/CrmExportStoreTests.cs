using Connector.Changes;
using Connector.IntegrationTests.Infrastructure;
using Connector.Sources;
using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Sources;

#pragma warning disable DAP005 // plain Dapper in tests

public sealed class CrmExportStoreTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task StageAsync_StagesEveryRowPendingWithItsValues_WhenGivenAnAssociationAndAnAssignment()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var changedAt = new DateTimeOffset(2026, 11, 30, 8, 15, 0, TimeSpan.Zero);
        var rows = new[]
        {
            new CrmExportRow(ChangeType.Associate, "AWS", "O8801", changedAt, "Solutions", "S-88"),
            new CrmExportRow(ChangeType.Assign, "AWS", "O8802", changedAt.AddMinutes(1), AssigneeEmail: "a@example.com", AssigneeFirstName: "Ana",
                AssigneeLastName: "Lima", AssigneeBusinessTitle: "OpportunityOwner", AssigneePhone: "+351912345678"),
        };

        var staged = await new CrmExportStore(dataSource).StageAsync(rows, CancellationToken.None);

        Assert.Equal(2, staged);
        await using var connection = await dataSource.OpenConnectionAsync();
        var stored = (await connection.QueryAsync<(string ChangeType, string OpportunityId, string? EntityId, string? AssigneePhone, string Status, DateTime ChangedAt, long? ImportId)>(
            "select change_type, opportunity_id, entity_id, assignee_phone, status, changed_at, import_id from connector.crm_changes where opportunity_id like 'O880%' order by opportunity_id")).ToList();
        Assert.Equal((ChangeType.Associate, "O8801", (string?)"S-88", (string?)null, ChangeStatus.Pending, changedAt.UtcDateTime, (long?)null), stored[0]);
        Assert.Equal((ChangeType.Assign, "O8802", (string?)null, (string?)"+351912345678", ChangeStatus.Pending, changedAt.AddMinutes(1).UtcDateTime, (long?)null), stored[1]);
    }
}
