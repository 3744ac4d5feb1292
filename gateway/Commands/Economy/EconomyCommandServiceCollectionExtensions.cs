namespace Asphalt.Gateway.Commands.Economy;

public static class EconomyCommandServiceCollectionExtensions
{
    /// <summary>The economy's slash commands (docs/economy.md "Slash commands"); each is one grain call behind <see cref="EconomyGuard"/>.</summary>
    public static IServiceCollection AddEconomyCommands(this IServiceCollection services)
    {
        services.AddSingleton<EconomyGuard>();
        return services
            .AddSlashCommand<BalanceCommand>()
            .AddSlashCommand<ProfileCommand>()
            .AddSlashCommand<DailyCommand>()
            .AddSlashCommand<WeeklyCommand>()
            .AddSlashCommand<WorkCommand>()
            .AddSlashCommand<DepositCommand>()
            .AddSlashCommand<WithdrawCommand>()
            .AddSlashCommand<PayCommand>()
            .AddSlashCommand<CoinflipCommand>()
            .AddSlashCommand<SlotsCommand>()
            .AddSlashCommand<ShopCommand>()
            .AddSlashCommand<BuyCommand>()
            .AddSlashCommand<InventoryCommand>()
            .AddSlashCommand<UseCommand>()
            .AddSlashCommand<LeaderboardCommand>()
            .AddSlashCommand<EconomySettingsCommand>();
    }
}
