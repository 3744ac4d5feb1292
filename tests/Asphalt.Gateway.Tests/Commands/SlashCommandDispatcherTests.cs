using System.Text.Json;
using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Gateway.Telemetry;
using Asphalt.Gateway.Tests.Support;
using Asphalt.Grains.Interfaces.Records;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Asphalt.Gateway.Tests.Commands;

public class SlashCommandDispatcherTests
{
    private sealed class Probe(Func<CommandContext, Task> run) : ISlashCommand
    {
        public static readonly IntegerOption Sides = new("sides", "Sides of the die", required: true) { MinValue = 2, MaxValue = 100 };
        public int Runs;
        public SlashCommandDefinition Definition { get; } = new("roll", "Rolls a die", Sides);

        public Task ExecuteAsync(CommandContext context)
        {
            Interlocked.Increment(ref Runs);
            return run(context);
        }
    }

    private sealed class Harness
    {
        public readonly FakeTimeProvider Time = TestClock.New();
        public readonly StubDiscordHandler Http = new((_, _) => StubDiscordHandler.Ok());
        public readonly InMemoryCommandJournal Journal = new();
        public readonly GatewayMetrics Metrics = new();
        public readonly SlashCommandDispatcher Dispatcher;
        public readonly Probe Command;

        public Harness(Func<CommandContext, Task> run)
        {
            Command = new Probe(run);
            Dispatcher = new SlashCommandDispatcher([Command], Builders.RestClient(Http, Time, Metrics), Journal, Metrics, Time, NullLogger<SlashCommandDispatcher>.Instance);
        }

        public Task Invoke(string sidesJson) => Dispatcher.HandleAsync(Interaction(sidesJson), shardId: 3, Time.GetTimestamp(), CancellationToken.None);

        public async Task<RecordedRequest> WaitForRequest(int index)
        {
            var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Http.Requests.Count <= index)
            {
                if (DateTime.UtcNow > giveUp) throw new TimeoutException($"request {index} was never sent");
                await Task.Delay(10);
            }
            return Http.Requests.ElementAt(index);
        }
    }

    private static Interaction Interaction(string sidesJson) => new("900000000000000001", "800000000000000002", InteractionType.ApplicationCommand, "interaction-token",
        new InteractionData("roll", "1", 1, [new InteractionDataOption("sides", ApplicationCommandOptionType.Integer, JsonDocument.Parse(sidesJson).RootElement.Clone())]),
        GuildId: "700000000000000003", ChannelId: "600000000000000004", Member: new GuildMember(new DiscordUser("500000000000000005", "someone", false)));

    private static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body!).RootElement;

    [Fact]
    public async Task Out_of_range_options_get_an_ephemeral_error_and_the_handler_never_runs()
    {
        var h = new Harness(c => c.RespondAsync("rolled"));
        await h.Invoke("1000");
        Assert.Equal(0, h.Command.Runs);
        var reply = Assert.Single(h.Http.Requests);
        Assert.Equal("/api/v10/interactions/900000000000000001/interaction-token/callback", reply.Path);
        Assert.Equal(4, Body(reply).GetProperty("type").GetInt32());
        Assert.Equal(64, Body(reply).GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Contains("at most 100", Body(reply).GetProperty("data").GetProperty("content").GetString());
        var execution = await h.Journal.WaitForExecutionAsync();
        Assert.Equal(CommandOutcome.Rejected, execution.Outcome);
    }

    [Fact]
    public async Task A_quick_handler_answers_directly_and_the_execution_is_recorded()
    {
        var h = new Harness(c => c.RespondAsync($"rolled a d{c.Options.Get(Probe.Sides)}"));
        using var metrics = new MetricCollector(h.Metrics);
        await h.Invoke("20");
        var reply = Assert.Single(h.Http.Requests);
        Assert.Equal(4, Body(reply).GetProperty("type").GetInt32());
        Assert.Equal("rolled a d20", Body(reply).GetProperty("data").GetProperty("content").GetString());
        Assert.False(Body(reply).GetProperty("data").TryGetProperty("flags", out _));
        var execution = await h.Journal.WaitForExecutionAsync();
        Assert.Equal(new CommandExecution(900000000000000001, "roll", 500000000000000005, 700000000000000003, 3, execution.Latency, CommandOutcome.Succeeded, execution.ExecutedAt, null), execution);
        Assert.Equal(1, metrics.Count("asphalt.gateway.interaction.latency"));
        Assert.Equal(0, metrics.Sum("asphalt.gateway.interaction.deadline_missed"));
    }

    [Fact]
    public async Task A_slow_handler_is_deferred_after_two_seconds_and_its_answer_edits_the_original()
    {
        var release = new TaskCompletionSource();
        var h = new Harness(async c =>
        {
            await release.Task;
            await c.RespondAsync("finally");
        });
        var handling = h.Invoke("6");
        await TestClock.Settle();
        Assert.Empty(h.Http.Requests); // nothing before the auto-defer point
        h.Time.Advance(TimeSpan.FromSeconds(2));
        var defer = await h.WaitForRequest(0);
        Assert.Equal(5, Body(defer).GetProperty("type").GetInt32());
        release.SetResult();
        await handling.WaitAsync(TimeSpan.FromSeconds(30));
        var edit = await h.WaitForRequest(1);
        Assert.Equal("PATCH", edit.Method);
        Assert.Equal("/api/v10/webhooks/800000000000000002/interaction-token/messages/@original", edit.Path);
        Assert.Equal("finally", Body(edit).GetProperty("content").GetString());
        Assert.Equal(CommandOutcome.Succeeded, (await h.Journal.WaitForExecutionAsync()).Outcome);
    }

    [Fact]
    public async Task An_unexpected_error_is_recorded_and_the_user_sees_its_id()
    {
        var h = new Harness(_ => throw new InvalidOperationException("the dice fell off the table"));
        await h.Invoke("6");
        var (id, error) = Assert.Single(h.Journal.Errors);
        Assert.Equal("command:/roll", error.Source);
        Assert.Contains("the dice fell off the table", error.Message);
        var reply = Assert.Single(h.Http.Requests);
        Assert.Equal(64, Body(reply).GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Contains(id.ToString(), Body(reply).GetProperty("data").GetProperty("content").GetString());
        Assert.DoesNotContain("fell off", Body(reply).GetProperty("data").GetProperty("content").GetString());
        var execution = await h.Journal.WaitForExecutionAsync();
        Assert.Equal(CommandOutcome.Failed, execution.Outcome);
        Assert.Equal(id, execution.ErrorId);
    }

    [Fact]
    public async Task A_refusal_is_shown_ephemerally_and_recorded_as_rejected()
    {
        var h = new Harness(_ => throw new CommandRejectedException("You are on cooldown."));
        await h.Invoke("6");
        var reply = Assert.Single(h.Http.Requests);
        Assert.Equal("You are on cooldown.", Body(reply).GetProperty("data").GetProperty("content").GetString());
        Assert.Equal(64, Body(reply).GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal(CommandOutcome.Rejected, (await h.Journal.WaitForExecutionAsync()).Outcome);
        Assert.Empty(h.Journal.Errors);
    }

    [Fact]
    public void Registration_payload_lists_every_declared_command()
    {
        var h = new Harness(c => Task.CompletedTask);
        var payload = Assert.Single(h.Dispatcher.RegistrationPayload());
        Assert.Equal("roll", payload.Name);
        Assert.Equal(100, Assert.Single(payload.Options!).MaxValue);
    }
}
