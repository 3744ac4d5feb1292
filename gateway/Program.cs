using Asphalt.Gateway.Cluster;
using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Commands.Builtin;
using Asphalt.Gateway.Commands.Economy;
using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Health;
using Asphalt.Gateway.Routing;
using Asphalt.Hosting.Clustering;
using Asphalt.Hosting.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddAsphaltHosting("asphalt-gateway", defaultPort: 5090, defaultMetricsPort: 9465);

// The Orleans client first: it stops last, so shards can still save their sessions on shutdown.
builder.UseOrleansClient(client => client
    .UseAsphaltClustering(builder.Configuration)
    .AddActivityPropagation());
builder.Services.AddClusterAdapters();

// Discord: shards + REST (section Discord), events → grains and commands.
builder.Services.AddDiscordClient(builder.Configuration);
builder.Services.AddEventRouting();
builder.Services.AddSlashCommands()
    .AddSlashCommand<PingCommand>()
    .AddSlashCommand<AboutCommand>()
    .AddEconomyCommands();

builder.Services.AddGatewayHealthChecks();

var app = builder.Build();
app.MapAsphaltEndpoints();
await app.RunAsync();
