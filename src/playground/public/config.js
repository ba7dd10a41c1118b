// Runs before the web components load: @skyra/discord-components-core reads `globalThis.$discordMessage` once, and its
// default avatars are on Discord's CDN. The playground loads nothing from the internet, so the avatars are local.
const avatar = (fill, letter) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80"><rect width="80" height="80" rx="40" fill="${fill}"/><text x="40" y="53" font-family="sans-serif" font-size="36" font-weight="700" text-anchor="middle" fill="#fff">${letter}</text></svg>`,
  )}`;

export const BOT_AVATAR = avatar('#1d6fb8', 'A');
export const USER_AVATAR = avatar('#5865f2', 'Y');

globalThis.$discordMessage = {
  avatars: { default: BOT_AVATAR, blue: BOT_AVATAR, gray: USER_AVATAR },
  profiles: {},
  defaultTheme: 'dark',
};
