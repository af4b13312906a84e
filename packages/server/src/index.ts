// @rebill-kit/server: the rebilling backend on PostgreSQL. See DESIGN.md "The rebilling server".
export {};
