import ipaddr from 'ipaddr.js';

/**
 * The network a request comes from, for counting requests per client. An IPv6 client usually holds a
 * whole /64, so counting single addresses would let one household through without limit; IPv4-mapped
 * addresses count as IPv4.
 */
export function networkOf(ip: string): string {
  return groupedNetwork(ip, 64);
}

/**
 * The wider network a client can move within at no cost, for limits on guesses at one account: a
 * customer or a small hosting account is routinely given a whole IPv6 /48 (65,536 /64s), so counting
 * /64s there would give such an attacker 65,536 networks. IPv4 addresses are counted one by one.
 */
export function siteNetworkOf(ip: string): string {
  return groupedNetwork(ip, 48);
}

/** The IPv6 prefix of `bits` (a multiple of 16) an address is in, or the IPv4 address itself. */
function groupedNetwork(ip: string, bits: 48 | 64): string {
  if (!ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.process(ip);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return (
    (parsed as ipaddr.IPv6).parts
      .slice(0, bits / 16)
      .map((p) => p.toString(16))
      .join(':') + `::/${bits}`
  );
}
