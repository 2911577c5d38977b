using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gantry.ControlPlane.Store.Migrations
{
    /// <inheritdoc />
    public partial class AppMembers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AppMembers",
                columns: table => new
                {
                    App = table.Column<string>(type: "TEXT", nullable: false),
                    User = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppMembers", x => new { x.App, x.User });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AppMembers");
        }
    }
}
