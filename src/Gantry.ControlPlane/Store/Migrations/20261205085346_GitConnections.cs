using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gantry.ControlPlane.Store.Migrations
{
    /// <inheritdoc />
    public partial class GitConnections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CommitMessage",
                table: "Releases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CommitSha",
                table: "Releases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "GitConnections",
                columns: table => new
                {
                    App = table.Column<string>(type: "TEXT", nullable: false),
                    Repository = table.Column<string>(type: "TEXT", nullable: false),
                    Branch = table.Column<string>(type: "TEXT", nullable: false),
                    Path = table.Column<string>(type: "TEXT", nullable: false),
                    Entry = table.Column<string>(type: "TEXT", nullable: true),
                    Previews = table.Column<bool>(type: "INTEGER", nullable: false),
                    DeployKeyPublic = table.Column<string>(type: "TEXT", nullable: true),
                    SealedDeployKey = table.Column<string>(type: "TEXT", nullable: true),
                    SealedWebhookSecret = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GitConnections", x => x.App);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GitConnections");

            migrationBuilder.DropColumn(
                name: "CommitMessage",
                table: "Releases");

            migrationBuilder.DropColumn(
                name: "CommitSha",
                table: "Releases");
        }
    }
}
