using Asphalt.Bench.GatewayHost;
using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Hosting.Web;

// The production gateway's hosting and Discord client; only the dispatch handler differs:
// Bench:GuildCache=false → does nothing; true → keeps the minimal guild cache commands would need.
// Bench:WantAll=true → asks for every event (by default only those the production router handles).
var builder = WebApplication.CreateBuilder(args);
builder.AddAsphaltHosting("asphalt-bench-gateway", defaultPort: 5190, defaultMetricsPort: 9565);
// Bench:Economy=sql → the economy-load baseline instead: router + /balance and /pay on plain SQL (SqlEconomy).
BenchDispatchHandler? handler = null;
if (builder.Configuration["Bench:Economy"] == "sql")
{
    builder.Services.AddSqlEconomy(builder.Configuration["Bench:ConnectionString"] ?? throw new InvalidOperationException("Bench:ConnectionString is required with Bench:Economy=sql"));
}
else
{
    handler = new BenchDispatchHandler(builder.Configuration.GetValue<bool>("Bench:GuildCache"), builder.Configuration.GetValue<bool>("Bench:WantAll"));
    builder.Services.AddSingleton<IGatewayDispatchHandler>(handler);
}
builder.Services.AddDiscordClient(builder.Configuration);

var app = builder.Build();
app.MapAsphaltEndpoints();
await app.StartAsync();
var control = new ControlChannel(handler, app.Services.GetRequiredService<IDiscordGateway>());
var stop = app.Lifetime.ApplicationStopping;
await control.RunAsync(stop); // stdin closed (the harness is gone) also ends the host
await app.StopAsync();
