using PartnerCentral.Emulator;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    // Never listen beyond loopback unless asked to (--urls or ASPNETCORE_URLS).
    builder.WebHost.UseUrls(EmulatorSetup.DefaultUrl);
}

builder.Services.AddEmulator(builder.Configuration);
var app = builder.Build();
app.MapEmulator();
app.Run();

public partial class Program;
