import ipaddr from 'ipaddr.js';

/**
 * The network a request comes from, for counting requests per client. An IPv6 client usually holds a
 * whole /64, so counting single addresses would let one household through without limit; IPv4-mapped
 * addresses count as IPv4.
 */
export function networkOf(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.process(ip);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return (parsed as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16)).join(':') + '::/64';
}
